import type { ConsentRecord } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { inClinic } from '../../db/open.js';
import type { ConsentsTable } from '../../db/schema.js';
import { notFound, Problem } from '../../http/problems.js';
import { findPatient, PATIENT_READERS, UUID } from '../patients.js';
import { commonErrors, idParams, problemSchema } from '../schemas.js';
import {
  audit,
  CONSENT_SCOPES,
  type IsA,
  isoTime,
  listForPatient,
  RECORD_WRITERS,
  recordDate,
  refuse,
  requireActive,
  signedIn,
  today,
} from './common.js';

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

const consentParams = z.object({ id: z.string().max(64), consentId: z.string().max(64) });

export function consentRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/consents',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'consent.create', resourceType: 'consent' },
        },
        schema: {
          summary: 'Record a consent (treatment, photography or research), active until withdrawn',
          tags: ['records'],
          params: idParams,
          body: consentBody,
          response: { 201: consentSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = signedIn(request.user);
        const consent = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          requireActive(patient);
          // One active consent per scope (the database's unique index holds it too), so that
          // withdrawing it always withdraws the scope.
          const active = await tx
            .selectFrom('consents')
            .select('id')
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('scope', '=', request.body.scope)
            .where('status', '=', 'active')
            .executeTakeFirst();
          if (active)
            throw new Problem(
              'conflict',
              `the patient already has an active ${request.body.scope} consent (${active.id}); withdraw it first to record a new one`,
            );
          const row = await tx
            .insertInto('consents')
            .values({
              clinic_id: user.clinicId,
              patient_id: patient.id,
              scope: request.body.scope,
              date: request.body.date,
              created_by: user.id,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(tx, user, 'consent.create', 'consent', row.id);
          return toConsent(row);
        });
        reply.code(201);
        return consent;
      },
    );

    app.get(
      '/api/patients/:id/consents',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'consent.list', resourceType: 'consent' },
        },
        schema: {
          summary: 'The patient’s consents, withdrawn ones included, oldest first',
          tags: ['records'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(consentSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(context, request.user, request.params.id, 'consent.list', (tx, scope) =>
          tx
            .selectFrom('consents')
            .selectAll()
            .where('clinic_id', '=', scope.clinicId)
            .where('patient_id', '=', scope.patientId)
            .orderBy('date')
            .orderBy('created_at')
            .orderBy('id')
            .execute()
            .then((rows) => rows.map(toConsent)),
        ),
    );

    app.patch(
      '/api/patients/:id/consents/:consentId',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'consent.withdraw', resourceType: 'consent' },
        },
        schema: {
          summary: 'Withdraw a consent (kept, marked withdrawn; consent again with a new one)',
          description:
            'Withdrawing an already withdrawn consent changes nothing and answers the record ' +
            'as it is (the first withdrawal date stands), so a retried request is safe. A ' +
            'withdrawn photography consent admits no new photos.',
          tags: ['records'],
          params: consentParams,
          body: withdrawBody,
          response: { 200: consentSchema, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = signedIn(request.user);
        return inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (!UUID.test(request.params.consentId)) throw notFound('consent');
          const current = await tx
            .selectFrom('consents')
            .selectAll()
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', request.params.consentId)
            .forUpdate()
            .executeTakeFirst();
          if (!current) throw notFound('consent');
          let row = current;
          if (current.status !== 'withdrawn') {
            const withdrawnDate = request.body.withdrawnDate ?? today();
            if (withdrawnDate < current.date)
              refuse([
                {
                  field: 'withdrawnDate',
                  message: `is before the consent was given (${current.date})`,
                },
              ]);
            row = await tx
              .updateTable('consents')
              .set({ status: 'withdrawn', withdrawn_date: withdrawnDate, updated_at: sql`now()` })
              .where('clinic_id', '=', user.clinicId)
              .where('id', '=', current.id)
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          await audit(tx, user, 'consent.withdraw', 'consent', row.id);
          return toConsent(row);
        });
      },
    );
  };
}
