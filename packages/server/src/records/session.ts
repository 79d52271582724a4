import {
  checkSessionInterval,
  type SeriesWarning,
  type TreatmentSessionRecord,
} from '@microcore/core';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { TreatmentSessionsTable } from '../db/schema.js';
import { bodyId } from '../http/ids.js';
import { type FieldError, Problem } from '../http/problems.js';
import {
  ANAESTHESIA,
  type IsA,
  isoTime,
  notes,
  recordDate,
  refuse,
  requireActive,
} from './fields.js';
import { type PatientScope, RECORD_WRITERS, recordKind } from './recordKind.js';
import { versionFields, versionOf } from './versions.js';

/** A treatment session as delivered: the plan, the zones done and their cores, the anaesthesia. */

export const sessionBody = z.strictObject({
  planId: bodyId.describe("the plan delivered: one of this patient's plans"),
  seriesId: bodyId
    .optional()
    .describe("the treatment series this session belongs to: one of this patient's series"),
  date: recordDate,
  operator: z
    .string()
    .trim()
    .min(1, 'required')
    .max(200)
    .optional()
    .describe("who operated the handpiece (a user id or a name); default: the signed-in user's id"),
  needleGauge: z
    .string()
    .regex(/^\d{2}G$/, 'a gauge such as 22G')
    .optional()
    .describe("needle gauge used; default: the plan's"),
  zones: z
    .array(
      z.strictObject({
        zoneId: z.string().min(1).max(64).describe('a zone of the plan'),
        coresDelivered: z.number().int().min(0).max(1_000_000).describe('cores taken, ≥ 0'),
      }),
    )
    .min(1)
    .max(50)
    .describe('the zones done, each once'),
  anaesthesia: z.enum(ANAESTHESIA),
  notes,
  intervalReason: z
    .string()
    .trim()
    .min(1, 'required')
    .max(1000)
    .nullable()
    .optional()
    .describe("why this session is sooner than the clinic's minimum interval, when it is"),
});

/** The summary a live delivery session keeps with the record it made (core SessionDeliveryRecord). */
export const sessionDeliverySchema = z.object({
  deliverySessionId: z.uuid(),
  fields: z.number().describe('placements of the handpiece'),
  durationS: z.number().describe('from the first timed event to the last, s'),
  activeS: z.number().describe('the duration less the time paused, s'),
  alarms: z.number(),
  zones: z.array(
    z.object({
      zoneId: z.string(),
      targetCores: z.number(),
      extracted: z.number(),
      failed: z.number(),
      unreported: z.number(),
      plannedCoverageFraction: z.number(),
      achievedCoverageFraction: z.number(),
      refused: z.record(z.string(), z.number()).describe('cores refused by the guard, by reason'),
    }),
  ),
});
export type SessionDelivery = z.infer<typeof sessionDeliverySchema>;

export const sessionSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    planId: z.uuid(),
    seriesId: z.uuid().nullable(),
    date: z.string(),
    operator: z.string(),
    needleGauge: z.string(),
    zones: z.array(z.object({ zoneId: z.string(), coresDelivered: z.number() })),
    anaesthesia: z.enum(ANAESTHESIA),
    notes: z.string().nullable(),
    intervalReason: z.string().nullable(),
    delivery: sessionDeliverySchema
      .nullable()
      .describe('what the live handpiece session recorded, when one made this record'),
    createdAt: z.string(),
    ...versionFields,
  })
  .describe('a treatment session (records/types.ts TreatmentSessionRecord)');

type Session = z.infer<typeof sessionSchema>;
/** Compile-time proof that the JSON is a core record (plus fields of the API's own). */
export type SessionIsCoreRecord = IsA<Session, TreatmentSessionRecord>;

/** The stored row as the API's JSON, which is also a core TreatmentSessionRecord. */
export function toSession(row: Selectable<TreatmentSessionsTable>): Session {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    seriesId: row.series_id,
    date: row.date,
    operator: row.operator,
    needleGauge: row.needle_gauge,
    zones: row.zones as Session['zones'],
    anaesthesia: row.anaesthesia as Session['anaesthesia'],
    notes: row.notes,
    intervalReason: row.interval_reason,
    delivery: (row.delivery ?? null) as Session['delivery'],
    createdAt: isoTime(row.created_at),
    ...versionOf(row),
  };
}

/** A session as the body that would record it as it now reads (what a correction starts from). */
function bodyOf(session: Session): z.infer<typeof sessionBody> {
  return {
    planId: session.planId,
    ...(session.seriesId === null ? {} : { seriesId: session.seriesId }),
    date: session.date,
    operator: session.operator,
    needleGauge: session.needleGauge,
    zones: session.zones,
    anaesthesia: session.anaesthesia,
    notes: session.notes,
    intervalReason: session.intervalReason,
  };
}

/** The sessions of a clinic (of one patient when given), oldest first. */
export function sessionRows(tx: Tx, clinicId: string, patientId?: string) {
  let query = tx.selectFrom('treatment_sessions').selectAll().where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  return query.orderBy('date').orderBy('created_at').orderBy('id').execute();
}

/** One session of the patient, or undefined. */
async function sessionRow(tx: Tx, clinicId: string, patientId: string, id: string) {
  return tx
    .selectFrom('treatment_sessions')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A session of this patient that stands (for an assessment or an adverse event that names one),
 * or 422: a session struck out as entered in error cannot be followed up.
 */
export async function findSessionOf(
  tx: Tx,
  clinicId: string,
  patientId: string,
  sessionId: string,
  field = 'sessionId',
): Promise<{ id: string; date: string }> {
  const row = await tx
    .selectFrom('treatment_sessions')
    .select(['id', 'date'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', sessionId)
    .where('record_status', '=', 'current')
    // A strike-out of the session committing meanwhile waits for this record, or this record
    // sees it struck out (its check for records naming the session runs under its lock).
    .forShare()
    .executeTakeFirst();
  if (!row) refuse([{ field, message: 'no treatment session of this patient has this id' }]);
  return row;
}

/**
 * THE single call site of the minimum-interval rule (docs/domain.md §4: six weeks between
 * sessions by default, a clinic setting; sooner only with a recorded reason, which carries a
 * warning). The rule and its number are the core's (protocol/seriesSettings.ts); a refusal is the
 * core's MicrocoreError naming `date` (422, nothing written). A backdated session is checked
 * against the session after it too; a corrected one against the others (not its earlier self);
 * sessions struck out are not there.
 */
async function checkInterval(
  tx: Tx,
  clinicId: string,
  patientId: string,
  date: string,
  reason: string | null,
  self: string | undefined,
): Promise<SeriesWarning[]> {
  const neighbour = (before: boolean) =>
    tx
      .selectFrom('treatment_sessions')
      .select('date')
      .where('clinic_id', '=', clinicId)
      .where('patient_id', '=', patientId)
      .where('record_status', '=', 'current')
      .$if(self !== undefined, (q) => q.where('id', '<>', self as string))
      .where('date', before ? '<=' : '>', date)
      .orderBy('date', before ? 'desc' : 'asc')
      .limit(1)
      .executeTakeFirst();
  const previous = (await neighbour(true))?.date;
  const next = (await neighbour(false))?.date;
  return [
    ...(previous ? checkSessionInterval(previous, date, reason) : []),
    ...(next ? checkSessionInterval(date, next, reason) : []),
  ];
}

/**
 * The creation's checks of a session (a correction's too, with `self` the session corrected):
 * the plan is the patient's, its series delivers that plan, each zone is the plan's and listed
 * once, the interval rule. Answers the columns to store and the interval's warnings.
 */
export async function checkedSession(
  { tx, user, patient }: PatientScope,
  body: z.infer<typeof sessionBody>,
  self?: string,
) {
  const clinicId = user.clinicId;
  const plan = await tx
    .selectFrom('plans')
    .select([
      'id',
      sql<string[]>`array(select z->>'id' from jsonb_array_elements(plan->'zones') z)`.as('zones'),
      sql<string>`plan->'needle'->>'gauge'`.as('needle'),
    ])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patient.id)
    .where('id', '=', body.planId)
    .executeTakeFirst();
  if (!plan) refuse([{ field: 'planId', message: 'no plan of this patient has this id' }]);
  if (body.seriesId !== undefined) {
    const series = await tx
      .selectFrom('treatment_series')
      .select('plan_id')
      .where('clinic_id', '=', clinicId)
      .where('patient_id', '=', patient.id)
      .where('id', '=', body.seriesId)
      .executeTakeFirst();
    if (!series) refuse([{ field: 'seriesId', message: 'no series of this patient has this id' }]);
    if (series.plan_id !== plan.id)
      refuse([
        {
          field: 'seriesId',
          message: `this series delivers plan ${series.plan_id}, not ${plan.id}`,
        },
      ]);
  }
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  body.zones.forEach((zone, i) => {
    if (!plan.zones.includes(zone.zoneId))
      errors.push({
        field: `zones[${i}].zoneId`,
        message: `"${zone.zoneId}" is not a zone of the plan (${plan.zones.join(', ')})`,
      });
    else if (seen.has(zone.zoneId))
      errors.push({ field: `zones[${i}].zoneId`, message: 'listed twice' });
    seen.add(zone.zoneId);
  });
  if (errors.length > 0) refuse(errors);
  const intervalReason = body.intervalReason ?? null;
  const warnings = await checkInterval(tx, clinicId, patient.id, body.date, intervalReason, self);
  const values = {
    plan_id: plan.id,
    series_id: body.seriesId ?? null,
    date: body.date,
    operator: body.operator ?? user.id,
    needle_gauge: body.needleGauge ?? plan.needle,
    zones: JSON.stringify(
      body.zones.map((zone) => ({ zoneId: zone.zoneId, coresDelivered: zone.coresDelivered })),
    ),
    anaesthesia: body.anaesthesia,
    notes: body.notes ?? null,
    interval_reason: intervalReason,
  };
  return { values, warnings };
}

/**
 * A session's date may not move past the follow-ups and adverse events that name it (their own
 * rule, checked when they were recorded).
 */
async function refuseDateAfterDependents(
  tx: Tx,
  clinicId: string,
  sessionId: string,
  date: string,
): Promise<void> {
  const earliest = await tx
    .selectFrom('assessments')
    .select(sql<string>`min(date)::text`.as('date'))
    .where('clinic_id', '=', clinicId)
    .where('session_id', '=', sessionId)
    .where('record_status', '=', 'current')
    .unionAll(
      tx
        .selectFrom('adverse_events')
        .select(sql<string>`min(onset_date)::text`.as('date'))
        .where('clinic_id', '=', clinicId)
        .where('session_id', '=', sessionId)
        .where('record_status', '=', 'current'),
    )
    .execute();
  const first = earliest
    .map((row) => row.date)
    .filter((d): d is string => d !== null)
    .sort()[0];
  if (first !== undefined && date > first)
    refuse([
      {
        field: 'date',
        message: `is after a follow-up or adverse event recorded against this session (${first})`,
      },
    ]);
}

/**
 * THE way a session record is written: the creation's checks, then version 1 (019's triggers copy
 * it into the history). The route and a delivery session's end (delivery/ingest.ts) both call
 * it; the caller appends the audit record in the same transaction.
 */
export async function recordSession(
  scope: PatientScope,
  body: z.infer<typeof sessionBody>,
  delivery: SessionDelivery | null = null,
): Promise<{ id: string; json: Session & { warnings: SeriesWarning[] } }> {
  requireActive(scope.patient);
  const { values, warnings } = await checkedSession(scope, body);
  const row = await scope.tx
    .insertInto('treatment_sessions')
    .values({
      clinic_id: scope.user.clinicId,
      patient_id: scope.patient.id,
      ...values,
      delivery: delivery === null ? null : JSON.stringify(delivery),
      created_by: scope.user.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, json: { ...toSession(row), warnings } };
}

export const sessions = recordKind({
  name: 'session',
  resourceType: 'treatment-session',
  noun: 'treatment session',
  path: 'sessions',
  idParam: 'sessionId',
  tag: 'records',
  json: sessionSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s treatment sessions, oldest first',
    items: async ({ tx, user, patient }) =>
      (await sessionRows(tx, user.clinicId, patient.id)).map(toSession),
  },
  create: {
    summary: 'Record a treatment session against one of the patient’s plans',
    description:
      'The plan must be this patient’s, every zone one of the plan’s zones (each once), ' +
      'the date a calendar date not after today. Refusals are 422 naming the field ' +
      '(`planId`, `zones[i].zoneId`, …); nothing is written.',
    body: sessionBody,
    response: sessionSchema.extend({
      warnings: z
        .array(z.object({ code: z.string(), message: z.string() }))
        .describe('e.g. an interval under the minimum, recorded with its reason'),
    }),
    notAfterToday: ['date'],
    insert: (scope, body) => recordSession(scope, body),
  },
  versions: {
    table: 'treatment_sessions',
    toJson: toSession,
    current: async ({ tx, user, patient }, id) => {
      const row = await sessionRow(tx, user.clinicId, patient.id, id);
      return row && toSession(row);
    },
    correct: {
      description:
        'Any field of the session may be corrected (`zones` as a whole list); the plan, the ' +
        'series, the zones and the interval rule are checked again, and the date may not move ' +
        'past a follow-up or adverse event recorded against the session.',
      fields: sessionBody,
      notAfterToday: ['date'],
      apply: async (scope, id, changes, next) => {
        const { tx, user, patient } = scope;
        const row = await sessionRow(tx, user.clinicId, patient.id, id);
        if (!row) throw new Error(`session ${id} vanished inside its correction`);
        const body = { ...bodyOf(toSession(row)), ...changes } as z.infer<typeof sessionBody>;
        const { values } = await checkedSession(scope, body, id);
        if (changes.date !== undefined)
          await refuseDateAfterDependents(tx, user.clinicId, id, body.date);
        await tx
          .updateTable('treatment_sessions')
          .set({ ...values, ...next })
          .where('clinic_id', '=', user.clinicId)
          .where('id', '=', id)
          .execute();
      },
    },
    beforeStrike: async ({ tx, user }, id) => {
      const named = await tx
        .selectFrom('assessments')
        .select('id')
        .where('clinic_id', '=', user.clinicId)
        .where('session_id', '=', id)
        .where('record_status', '=', 'current')
        .unionAll(
          tx
            .selectFrom('adverse_events')
            .select('id')
            .where('clinic_id', '=', user.clinicId)
            .where('session_id', '=', id)
            .where('record_status', '=', 'current'),
        )
        .execute();
      if (named.length > 0)
        throw new Problem(
          'conflict',
          `${named.length} follow-up(s) or adverse event(s) are recorded against this session ` +
            `(${named.map((r) => r.id).join(', ')}); correct or strike them out first`,
        );
    },
  },
});
