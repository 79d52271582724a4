import {
  checkSessionInterval,
  type SeriesWarning,
  type TreatmentSessionRecord,
} from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { inClinic, type Tx } from '../../db/open.js';
import type { TreatmentSessionsTable } from '../../db/schema.js';
import type { FieldError } from '../../http/problems.js';
import { findPatient, PATIENT_READERS } from '../patients.js';
import { commonErrors, idParams, problemSchema } from '../schemas.js';
import {
  ANAESTHESIA,
  audit,
  type IsA,
  isoTime,
  listForPatient,
  notes,
  RECORD_WRITERS,
  recordDate,
  recordId,
  refuse,
  requireActive,
  signedIn,
} from './common.js';

export const sessionBody = z.strictObject({
  planId: recordId.describe("the plan delivered: one of this patient's plans"),
  seriesId: recordId
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
    createdAt: z.string(),
  })
  .describe('a treatment session (records/types.ts TreatmentSessionRecord)');

type Session = z.infer<typeof sessionSchema>;
/** Compile-time proof that the JSON is a core record (plus fields of the API's own). */
export type SessionIsCoreRecord = IsA<Session, TreatmentSessionRecord>;

/** The stored row as the API's JSON, which is also a core TreatmentSessionRecord. */
export function toSession(row: Selectable<TreatmentSessionsTable>): Session {
  const session = {
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
    createdAt: isoTime(row.created_at),
  };
  return session;
}

/**
 * THE single call site of the minimum-interval rule (DOMAIN.md §4: six weeks between sessions
 * by default, a clinic setting; sooner only with a recorded reason, which carries a warning).
 * The rule and its number are the core's (protocol/seriesSettings.ts); a refusal is the core's
 * MicrocoreError naming `date` (422, nothing written). A backdated session is checked against
 * the session after it too.
 */
async function checkInterval(
  tx: Tx,
  clinicId: string,
  patientId: string,
  date: string,
  reason: string | null,
): Promise<SeriesWarning[]> {
  const before = await previousSessionDate(tx, clinicId, patientId, date);
  const after = await nextSessionDate(tx, clinicId, patientId, date);
  return [
    ...(before ? checkSessionInterval(before, date, reason) : []),
    ...(after ? checkSessionInterval(date, after, reason) : []),
  ];
}

/** The patient's first session after `date`. */
async function nextSessionDate(
  tx: Tx,
  clinicId: string,
  patientId: string,
  date: string,
): Promise<string | null> {
  const row = await tx
    .selectFrom('treatment_sessions')
    .select('date')
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('date', '>', date)
    .orderBy('date')
    .limit(1)
    .executeTakeFirst();
  return row?.date ?? null;
}

/** The patient's latest session on or before `date` (the one the interval is counted from). */
async function previousSessionDate(
  tx: Tx,
  clinicId: string,
  patientId: string,
  date: string,
): Promise<string | null> {
  const row = await tx
    .selectFrom('treatment_sessions')
    .select('date')
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('date', '<=', date)
    .orderBy('date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.date ?? null;
}

export function sessionRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/sessions',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'session.create', resourceType: 'treatment-session' },
        },
        schema: {
          summary: 'Record a treatment session against one of the patient’s plans',
          description:
            'The plan must be this patient’s, every zone one of the plan’s zones (each once), ' +
            'the date a calendar date not after today. Refusals are 422 naming the field ' +
            '(`planId`, `zones[i].zoneId`, …); nothing is written.',
          tags: ['records'],
          params: idParams,
          body: sessionBody,
          response: {
            201: sessionSchema.extend({
              warnings: z
                .array(z.object({ code: z.string(), message: z.string() }))
                .describe('e.g. an interval under the minimum, recorded with its reason'),
            }),
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const user = signedIn(request.user);
        const body = request.body;
        const session = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          requireActive(patient);
          const plan = await tx
            .selectFrom('plans')
            .select([
              'id',
              sql<string[]>`array(select z->>'id' from jsonb_array_elements(plan->'zones') z)`.as(
                'zones',
              ),
              sql<string>`plan->'needle'->>'gauge'`.as('needle'),
            ])
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', body.planId)
            .executeTakeFirst();
          if (!plan) refuse([{ field: 'planId', message: 'no plan of this patient has this id' }]);
          if (body.seriesId !== undefined) {
            const series = await tx
              .selectFrom('treatment_series')
              .select('plan_id')
              .where('clinic_id', '=', user.clinicId)
              .where('patient_id', '=', patient.id)
              .where('id', '=', body.seriesId)
              .executeTakeFirst();
            if (!series)
              refuse([{ field: 'seriesId', message: 'no series of this patient has this id' }]);
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
          const warnings = await checkInterval(
            tx,
            user.clinicId,
            patient.id,
            body.date,
            intervalReason,
          );
          const row = await tx
            .insertInto('treatment_sessions')
            .values({
              clinic_id: user.clinicId,
              patient_id: patient.id,
              plan_id: plan.id,
              series_id: body.seriesId ?? null,
              date: body.date,
              operator: body.operator ?? user.id,
              needle_gauge: body.needleGauge ?? plan.needle,
              zones: JSON.stringify(
                body.zones.map((zone) => ({
                  zoneId: zone.zoneId,
                  coresDelivered: zone.coresDelivered,
                })),
              ),
              anaesthesia: body.anaesthesia,
              notes: body.notes ?? null,
              interval_reason: intervalReason,
              created_by: user.id,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(tx, user, 'session.create', 'treatment-session', row.id);
          return { ...toSession(row), warnings };
        });
        reply.code(201);
        return session;
      },
    );

    app.get(
      '/api/patients/:id/sessions',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'session.list', resourceType: 'treatment-session' },
        },
        schema: {
          summary: 'The patient’s treatment sessions, oldest first',
          tags: ['records'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(sessionSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(context, request.user, request.params.id, 'session.list', (tx, scope) =>
          tx
            .selectFrom('treatment_sessions')
            .selectAll()
            .where('clinic_id', '=', scope.clinicId)
            .where('patient_id', '=', scope.patientId)
            .orderBy('date')
            .orderBy('created_at')
            .orderBy('id')
            .execute()
            .then((rows) => rows.map(toSession)),
        ),
    );
  };
}
