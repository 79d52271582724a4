import type { AdverseEventRecord } from '@microcore/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { AdverseEventsTable } from '../db/schema.js';
import { bodyId } from '../http/ids.js';
import type { FieldError } from '../http/problems.js';
import {
  ADVERSE_EVENT_TYPES,
  type IsA,
  isoTime,
  RELATEDNESS,
  recordDate,
  refuse,
  requireActive,
  SEVERITIES,
} from './fields.js';
import { type PatientScope, RECORD_WRITERS, recordKind } from './recordKind.js';
import { findSessionOf } from './session.js';
import { nextVersion, requireChangeable, versionFields, versionOf } from './versions.js';

/** An adverse event: its type, onset and resolution, severity and relatedness to the treatment. */

export const adverseEventBody = z.strictObject({
  type: z.enum(ADVERSE_EVENT_TYPES),
  description: z
    .string()
    .trim()
    .max(4000)
    .nullable()
    .optional()
    .describe('what happened; required when type is "other"'),
  onsetDate: recordDate,
  resolutionDate: recordDate.nullable().optional().describe('null while unresolved; ≥ onsetDate'),
  severity: z.enum(SEVERITIES),
  relatedness: z.enum(RELATEDNESS).describe('to the treatment'),
  sessionId: bodyId
    .nullable()
    .optional()
    .describe('the session it followed; then the onset may not be before it'),
});

export const resolveBody = z.strictObject({
  resolutionDate: recordDate
    .nullable()
    .describe('the day it resolved (≥ onsetDate), or null to reopen'),
});

export const adverseEventSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    sessionId: z.uuid().nullable(),
    type: z.enum(ADVERSE_EVENT_TYPES),
    description: z.string().nullable(),
    onsetDate: z.string(),
    resolutionDate: z.string().nullable(),
    severity: z.enum(SEVERITIES),
    relatedness: z.enum(RELATEDNESS),
    createdAt: z.string(),
    updatedAt: z.string(),
    ...versionFields,
  })
  .describe('an adverse event (records/types.ts AdverseEventRecord)');

type AdverseEvent = z.infer<typeof adverseEventSchema>;
export type AdverseEventIsCoreRecord = IsA<AdverseEvent, AdverseEventRecord>;

export function toAdverseEvent(row: Selectable<AdverseEventsTable>): AdverseEvent {
  return {
    id: row.id,
    patientId: row.patient_id,
    sessionId: row.session_id,
    type: row.type as AdverseEvent['type'],
    description: row.description,
    onsetDate: row.onset_date,
    resolutionDate: row.resolution_date,
    severity: row.severity as AdverseEvent['severity'],
    relatedness: row.relatedness as AdverseEvent['relatedness'],
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
    ...versionOf(row),
  };
}

/** The adverse events of a clinic (of one patient when given), by onset. */
export function adverseEventRows(tx: Tx, clinicId: string, patientId?: string, id?: string) {
  let query = tx.selectFrom('adverse_events').selectAll().where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  if (id !== undefined) query = query.where('id', '=', id);
  return query.orderBy('onset_date').orderBy('created_at').orderBy('id').execute();
}

const resolvedTooEarly = (onsetDate: string): FieldError => ({
  field: 'resolutionDate',
  message: `is before the onset (${onsetDate})`,
});

/**
 * The creation's checks of an adverse event (a correction's too): a description for "other",
 * resolved not before the onset, the session it followed is the patient's and not after the
 * onset. Answers the columns to store.
 */
async function checkedAdverseEvent(
  { tx, user, patient }: PatientScope,
  body: z.infer<typeof adverseEventBody>,
) {
  const errors: FieldError[] = [];
  const description = body.description ? body.description : null;
  if (body.type === 'other' && description === null)
    errors.push({ field: 'description', message: 'required when type is "other"' });
  if (body.resolutionDate && body.resolutionDate < body.onsetDate)
    errors.push(resolvedTooEarly(body.onsetDate));
  if (errors.length > 0) refuse(errors);
  const sessionId = body.sessionId ?? null;
  if (sessionId !== null) {
    const session = await findSessionOf(tx, user.clinicId, patient.id, sessionId);
    if (body.onsetDate < session.date)
      refuse([
        { field: 'onsetDate', message: `is before the session it followed (${session.date})` },
      ]);
  }
  return {
    session_id: sessionId,
    type: body.type,
    description,
    onset_date: body.onsetDate,
    resolution_date: body.resolutionDate ?? null,
    severity: body.severity,
    relatedness: body.relatedness,
  };
}

export const adverseEvents = recordKind({
  name: 'adverse-event',
  resourceType: 'adverse-event',
  noun: 'adverse event',
  path: 'adverse-events',
  idParam: 'eventId',
  tag: 'records',
  json: adverseEventSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s adverse events, by onset',
    items: async ({ tx, user, patient }) =>
      (await adverseEventRows(tx, user.clinicId, patient.id)).map(toAdverseEvent),
  },
  create: {
    summary: 'Record an adverse event',
    body: adverseEventBody,
    notAfterToday: ['onsetDate', 'resolutionDate'],
    insert: async (scope, body) => {
      requireActive(scope.patient);
      const values = await checkedAdverseEvent(scope, body);
      const row = await scope.tx
        .insertInto('adverse_events')
        .values({
          clinic_id: scope.user.clinicId,
          patient_id: scope.patient.id,
          ...values,
          created_by: scope.user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toAdverseEvent(row) };
    },
  },
  patch: {
    summary: 'Record the day an adverse event resolved (or reopen it with null)',
    description:
      'An event in the record’s life, not a correction: a new version (`resolved` or ' +
      '`reopened`); the earlier state stays in its history. 409 when it was struck out.',
    body: resolveBody,
    notAfterToday: ['resolutionDate'],
    update: async ({ tx, user, patient }, id, { resolutionDate }) => {
      const current = await tx
        .selectFrom('adverse_events')
        .select(['id', 'onset_date', 'version', 'record_status'])
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) return undefined;
      requireChangeable(current, 'adverse event');
      if (resolutionDate !== null && resolutionDate < current.onset_date)
        refuse([resolvedTooEarly(current.onset_date)]);
      const next = nextVersion(current, user, resolutionDate === null ? 'reopened' : 'resolved');
      const row = await tx
        .updateTable('adverse_events')
        // A new version: the earlier resolution date (or none) stays in the record's history.
        .set({
          resolution_date: resolutionDate,
          updated_at: next.changed_at,
          ...next,
        })
        .where('clinic_id', '=', user.clinicId)
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toAdverseEvent(row);
    },
  },
  versions: {
    table: 'adverse_events',
    toJson: toAdverseEvent,
    current: async ({ tx, user, patient }, id) => {
      const [row] = await adverseEventRows(tx, user.clinicId, patient.id, id);
      return row && toAdverseEvent(row);
    },
    correct: {
      description:
        'Any field may be corrected; the description rule, the resolution not before the ' +
        'onset and the session it followed are checked again.',
      fields: adverseEventBody,
      notAfterToday: ['onsetDate', 'resolutionDate'],
      apply: async (scope, id, changes, next) => {
        const { tx, user, patient } = scope;
        const [row] = await adverseEventRows(tx, user.clinicId, patient.id, id);
        if (!row) throw new Error(`adverse event ${id} vanished inside its correction`);
        const recorded = toAdverseEvent(row);
        const values = await checkedAdverseEvent(scope, {
          type: recorded.type,
          description: recorded.description,
          onsetDate: recorded.onsetDate,
          resolutionDate: recorded.resolutionDate,
          severity: recorded.severity,
          relatedness: recorded.relatedness,
          sessionId: recorded.sessionId,
          ...changes,
        } as z.infer<typeof adverseEventBody>);
        await tx
          .updateTable('adverse_events')
          .set({ ...values, updated_at: next.changed_at, ...next })
          .where('clinic_id', '=', user.clinicId)
          .where('id', '=', id)
          .execute();
      },
    },
  },
});
