import type { ConsentRecord } from '@microcore/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { ConsentsTable } from '../db/schema.js';
import { Problem } from '../http/problems.js';
import { CONSENT_SCOPES, type IsA, isoTime, recordDate, refuse, requireActive } from './fields.js';
import { type PatientScope, RECORD_WRITERS, recordKind } from './recordKind.js';
import { nextVersion, requireChangeable, versionFields, versionOf } from './versions.js';

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
    ...versionFields,
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
    ...versionOf(row),
  };
}

/** The consents of a clinic (of one patient when given), oldest first. */
export function consentRows(tx: Tx, clinicId: string, patientId?: string, id?: string) {
  let query = tx.selectFrom('consents').selectAll().where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  if (id !== undefined) query = query.where('id', '=', id);
  return query.orderBy('date').orderBy('created_at').orderBy('id').execute();
}

/** One active consent per scope that stands (a unique index holds it too): else 409. */
async function refuseSecondActive(
  { tx, user, patient }: Pick<PatientScope, 'tx' | 'user' | 'patient'>,
  scope: string,
  self?: string,
): Promise<void> {
  const active = await tx
    .selectFrom('consents')
    .select('id')
    .where('clinic_id', '=', user.clinicId)
    .where('patient_id', '=', patient.id)
    .where('scope', '=', scope)
    .where('status', '=', 'active')
    .where('record_status', '=', 'current')
    .$if(self !== undefined, (q) => q.where('id', '<>', self as string))
    .executeTakeFirst();
  if (active)
    throw new Problem(
      'conflict',
      `the patient already has an active ${scope} consent (${active.id}); withdraw it first to record a new one`,
    );
}

/** The photos that stand and were taken under this consent. */
function photosUnder(tx: PatientScope['tx'], clinicId: string, consentId: string) {
  return tx
    .selectFrom('photos')
    .select('id')
    .where('clinic_id', '=', clinicId)
    .where('consent_id', '=', consentId)
    .where('record_status', '=', 'current')
    .execute();
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
      await refuseSecondActive({ tx, user, patient }, body.scope);
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
      'withdrawn photography consent admits no new photos. An event in the record’s life, not ' +
      'a correction: a new version (`withdrawn`), the active one kept in its history; 409 when ' +
      'the consent was struck out.',
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
      requireChangeable(current, 'consent');
      if (current.status === 'withdrawn') return toConsent(current);
      const withdrawnDate = body.withdrawnDate ?? today;
      if (withdrawnDate < current.date)
        refuse([
          { field: 'withdrawnDate', message: `is before the consent was given (${current.date})` },
        ]);
      const next = nextVersion(current, user, 'withdrawn');
      const row = await tx
        .updateTable('consents')
        // A new version: the consent as it stood, active, stays in its history.
        .set({
          status: 'withdrawn',
          withdrawn_date: withdrawnDate,
          ...next,
          updated_at: next.changed_at,
        })
        .where('clinic_id', '=', user.clinicId)
        .where('id', '=', current.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toConsent(row);
    },
  },
  versions: {
    table: 'consents',
    toJson: toConsent,
    current: async ({ tx, user, patient }, id) => {
      const [row] = await consentRows(tx, user.clinicId, patient.id, id);
      return row && toConsent(row);
    },
    correct: {
      description:
        'The scope and the day consent was given may be corrected (a withdrawal is the PATCH, ' +
        'not a correction). One active consent per scope still holds (409); the day may not ' +
        'pass the withdrawal; a photography consent photos were taken under keeps its scope.',
      fields: consentBody,
      notAfterToday: ['date'],
      apply: async (scope, id, changes, next) => {
        const { tx, user, patient } = scope;
        const [row] = await consentRows(tx, user.clinicId, patient.id, id);
        if (!row) throw new Error(`consent ${id} vanished inside its correction`);
        const body = { scope: row.scope, date: row.date, ...changes } as z.infer<
          typeof consentBody
        >;
        if (body.scope !== row.scope) {
          const photos = await photosUnder(tx, user.clinicId, id);
          if (photos.length > 0)
            refuse([
              {
                field: 'scope',
                message: `${photos.length} photo(s) were taken under this photography consent`,
              },
            ]);
          if (row.status === 'active') await refuseSecondActive(scope, body.scope, id);
        }
        if (row.withdrawn_date !== null && body.date > row.withdrawn_date)
          refuse([{ field: 'date', message: `is after the withdrawal (${row.withdrawn_date})` }]);
        await tx
          .updateTable('consents')
          .set({ scope: body.scope, date: body.date, ...next, updated_at: next.changed_at })
          .where('clinic_id', '=', user.clinicId)
          .where('id', '=', id)
          .execute();
      },
    },
    beforeStrike: async ({ tx, user }, id) => {
      const photos = await photosUnder(tx, user.clinicId, id);
      if (photos.length > 0)
        throw new Problem(
          'conflict',
          `${photos.length} photo(s) were taken under this consent ` +
            `(${photos.map((p) => p.id).join(', ')}); strike them out first`,
        );
    },
  },
});
