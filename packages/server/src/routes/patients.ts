import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import {
  createPatientBody,
  findPatient,
  insertPatient,
  PATIENT_WRITERS,
  patchPatientBody,
  patientSchema,
  searchPatients,
  searchQuery,
  toPatient,
  updatePatient,
} from '../records/patient.js';
import { PATIENT_READERS } from '../records/recordKind.js';
import { commonErrors, problemSchema } from './schemas.js';

/** The patient routes: register, search, open, change (records/patient.ts holds the rest). */
export function patientRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const params = z.object({ id: idParam });

    app.post(
      '/api/patients',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'patient.create', resourceType: 'patient' },
        },
        schema: {
          operationId: 'createPatient',
          summary: 'Register a patient',
          tags: ['patients'],
          body: createPatientBody,
          response: { 201: patientSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const patient = await auditedWrite(context, request, async (scope) => {
          const row = await insertPatient(scope, request.body);
          return { value: toPatient(row), resourceId: row.id };
        });
        reply.code(201).header('location', `/api/patients/${patient.id}`);
        return patient;
      },
    );

    app.get(
      '/api/patients',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'patient.search', resourceType: 'patient' },
        },
        schema: {
          operationId: 'searchPatients',
          summary: 'Search patients by name, a page at a time (archived ones on request)',
          tags: ['patients'],
          querystring: searchQuery,
          response: {
            200: z.object({
              items: z.array(patientSchema),
              page: z.number(),
              pageSize: z.number(),
              total: z.number(),
            }),
            ...commonErrors,
          },
        },
      },
      (request) =>
        auditedRead(context, request, async (scope) => ({
          value: await searchPatients(scope, request.query),
          resourceId: null,
        })),
    );

    app.get(
      '/api/patients/:id',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'patient.read', resourceType: 'patient' },
        },
        schema: {
          operationId: 'getPatient',
          summary: 'One patient',
          tags: ['patients'],
          params,
          response: { 200: patientSchema, 404: problemSchema, ...commonErrors },
        },
      },
      (request) =>
        auditedRead(context, request, async ({ tx, user }) => {
          const row = await findPatient(tx, user.clinicId, request.params.id);
          return { value: toPatient(row), resourceId: row.id };
        }),
    );

    app.patch(
      '/api/patients/:id',
      {
        config: {
          roles: PATIENT_WRITERS,
          audit: { action: 'patient.update', resourceType: 'patient' },
        },
        schema: {
          operationId: 'patchPatient',
          summary: 'Change a patient, or archive (archived: true) or restore one',
          tags: ['patients'],
          params,
          body: patchPatientBody,
          response: { 200: patientSchema, 404: problemSchema, ...commonErrors },
        },
      },
      (request) =>
        auditedWrite(context, request, async (scope) => {
          const { row, action } = await updatePatient(scope, request.params.id, request.body);
          return { value: toPatient(row), resourceId: row.id, action };
        }),
    );
  };
}
