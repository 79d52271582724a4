import type { AdverseEventRecord } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Selectable, sql } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { inClinic } from '../../db/open.js';
import type { AdverseEventsTable } from '../../db/schema.js';
import type { FieldError } from '../../http/problems.js';
import { notFound } from '../../http/problems.js';
import { findPatient, PATIENT_READERS, UUID } from '../patients.js';
import { commonErrors, idParams, problemSchema } from '../schemas.js';
import {
  ADVERSE_EVENT_TYPES,
  audit,
  findSessionOf,
  type IsA,
  isoTime,
  listForPatient,
  RECORD_WRITERS,
  RELATEDNESS,
  recordDate,
  recordId,
  refuse,
  requireActive,
  SEVERITIES,
  signedIn,
} from './common.js';

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
  sessionId: recordId
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
  };
}

const eventParams = z.object({ id: z.string().max(64), eventId: z.string().max(64) });

const resolvedTooEarly = (onsetDate: string): FieldError => ({
  field: 'resolutionDate',
  message: `is before the onset (${onsetDate})`,
});

export function adverseEventRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/api/patients/:id/adverse-events',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'adverse-event.create', resourceType: 'adverse-event' },
        },
        schema: {
          summary: 'Record an adverse event',
          tags: ['records'],
          params: idParams,
          body: adverseEventBody,
          response: {
            201: adverseEventSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const user = signedIn(request.user);
        const body = request.body;
        const errors: FieldError[] = [];
        const description = body.description ? body.description : null;
        if (body.type === 'other' && description === null)
          errors.push({ field: 'description', message: 'required when type is "other"' });
        if (body.resolutionDate && body.resolutionDate < body.onsetDate)
          errors.push(resolvedTooEarly(body.onsetDate));
        if (errors.length > 0) refuse(errors);
        const event = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          requireActive(patient);
          const sessionId = body.sessionId ?? null;
          if (sessionId !== null) {
            const session = await findSessionOf(tx, user.clinicId, patient.id, sessionId);
            if (body.onsetDate < session.date)
              refuse([
                {
                  field: 'onsetDate',
                  message: `is before the session it followed (${session.date})`,
                },
              ]);
          }
          const row = await tx
            .insertInto('adverse_events')
            .values({
              clinic_id: user.clinicId,
              patient_id: patient.id,
              session_id: sessionId,
              type: body.type,
              description,
              onset_date: body.onsetDate,
              resolution_date: body.resolutionDate ?? null,
              severity: body.severity,
              relatedness: body.relatedness,
              created_by: user.id,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(tx, user, 'adverse-event.create', 'adverse-event', row.id);
          return toAdverseEvent(row);
        });
        reply.code(201);
        return event;
      },
    );

    app.get(
      '/api/patients/:id/adverse-events',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'adverse-event.list', resourceType: 'adverse-event' },
        },
        schema: {
          summary: 'The patient’s adverse events, by onset',
          tags: ['records'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(adverseEventSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(
          context,
          request.user,
          request.params.id,
          'adverse-event.list',
          (tx, scope) =>
            tx
              .selectFrom('adverse_events')
              .selectAll()
              .where('clinic_id', '=', scope.clinicId)
              .where('patient_id', '=', scope.patientId)
              .orderBy('onset_date')
              .orderBy('created_at')
              .orderBy('id')
              .execute()
              .then((rows) => rows.map(toAdverseEvent)),
        ),
    );

    app.patch(
      '/api/patients/:id/adverse-events/:eventId',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'adverse-event.update', resourceType: 'adverse-event' },
        },
        schema: {
          summary: 'Record (or correct) the day an adverse event resolved',
          tags: ['records'],
          params: eventParams,
          body: resolveBody,
          response: { 200: adverseEventSchema, 404: problemSchema, ...commonErrors },
        },
      },
      async (request) => {
        const user = signedIn(request.user);
        return inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (!UUID.test(request.params.eventId)) throw notFound('adverse event');
          const current = await tx
            .selectFrom('adverse_events')
            .select(['id', 'onset_date'])
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', request.params.eventId)
            .forUpdate()
            .executeTakeFirst();
          if (!current) throw notFound('adverse event');
          const { resolutionDate } = request.body;
          if (resolutionDate !== null && resolutionDate < current.onset_date)
            refuse([resolvedTooEarly(current.onset_date)]);
          const row = await tx
            .updateTable('adverse_events')
            .set({ resolution_date: resolutionDate, updated_at: sql`now()` })
            .where('clinic_id', '=', user.clinicId)
            .where('id', '=', current.id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(tx, user, 'adverse-event.update', 'adverse-event', row.id);
          return toAdverseEvent(row);
        });
      },
    );
  };
}
