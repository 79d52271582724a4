import type { ConsentRecord } from '@microcore/core';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { ConsentsTable } from '../db/schema.js';
import { Problem } from '../http/problems.js';
import { CONSENT_SCOPES, type IsA, isoTime, recordDate, refuse, requireActive } from './fields.js';
import { RECORD_WRITERS, recordKind } from './recordKind.js';

/**
 * A consent (treatment, photography, research): active until withdrawn, kept for ever. One active
 * consent per scope (a unique index holds it too), so withdrawing it always withdraws the scope.
 */

export const consentBody = z.strictObject({
  scope: z.enum(CONSENT_SCOPES).describe('what the patient consented to'),
  date: recordDate.describe('the day consent was given (YYYY-MM-DD, not after today)'),
});

export const withdrawBody = z.strictObject({
  status: z.literal('withdrawn').describe('the only change a consent takes'),
  withdrawnDate: recordDate.optional().describe('default today; not before the consent'),
});

export const consentSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    scope: z.enum(CONSENT_SCOPES),
    date: z.string(),
    status: z.enum(['active', 'withdrawn']),
    withdrawnDate: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('a consent (records/types.ts ConsentRecord)');

type Consent = z.infer<typeof consentSchema>;
export type ConsentIsCoreRecord = IsA<Consent, ConsentRecord>;

export function toConsent(row: Selectable<ConsentsTable>): Consent {
  return {
    id: row.id,
    patientId: row.patient_id,
    scope: row.scope as Consent['scope'],
    date: row.date,
    status: row.status as Consent['status'],
    withdrawnDate: row.withdrawn_date,
    createdAt: isoTime(row.created_at),
    updatedAt: isoTime(row.updated_at),
  };
}

/** The consents of a clinic (of one patient when given), oldest first. */
export function consentRows(tx: Tx, clinicId: string, patientId?: string) {
  let query = tx.selectFrom('consents').selectAll().where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  return query.orderBy('date').orderBy('created_at').orderBy('id').execute();
}

export const consents = recordKind({
  name: 'consent',
  resourceType: 'consent',
  noun: 'consent',
  path: 'consents',
  idParam: 'consentId',
  tag: 'records',
  json: consentSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s consents, withdrawn ones included, oldest first',
    items: async ({ tx, user, patient }) =>
      (await consentRows(tx, user.clinicId, patient.id)).map(toConsent),
  },
  create: {
    summary: 'Record a consent (treatment, photography or research), active until withdrawn',
    body: consentBody,
    notAfterToday: ['date'],
    insert: async ({ tx, user, patient }, body) => {
      requireActive(patient);
      const active = await tx
        .selectFrom('consents')
        .select('id')
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('scope', '=', body.scope)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active)
        throw new Problem(
          'conflict',
          `the patient already has an active ${body.scope} consent (${active.id}); withdraw it first to record a new one`,
        );
      const row = await tx
        .insertInto('consents')
        .values({
          clinic_id: user.clinicId,
          patient_id: patient.id,
          scope: body.scope,
          date: body.date,
          created_by: user.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { id: row.id, json: toConsent(row) };
    },
  },
  patch: {
    action: 'consent.withdraw',
    summary: 'Withdraw a consent (kept, marked withdrawn; consent again with a new one)',
    description:
      'Withdrawing an already withdrawn consent changes nothing and answers the record ' +
      'as it is (the first withdrawal date stands), so a retried request is safe. A ' +
      'withdrawn photography consent admits no new photos.',
    body: withdrawBody,
    notAfterToday: ['withdrawnDate'],
    update: async ({ tx, user, patient, today }, id, body) => {
      const current = await tx
        .selectFrom('consents')
        .selectAll()
        .where('clinic_id', '=', user.clinicId)
        .where('patient_id', '=', patient.id)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) return undefined;
      if (current.status === 'withdrawn') return toConsent(current);
      const withdrawnDate = body.withdrawnDate ?? today;
      if (withdrawnDate < current.date)
        refuse([
          { field: 'withdrawnDate', message: `is before the consent was given (${current.date})` },
        ]);
      const row = await tx
        .updateTable('consents')
        .set({ status: 'withdrawn', withdrawn_date: withdrawnDate, updated_at: sql`now()` })
        .where('clinic_id', '=', user.clinicId)
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConsent(row);
    },
  },
});
