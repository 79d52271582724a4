import { fhirDefinitions, fhirPlanSummary, patientBundle, type StoredPlan } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead } from '../audited.js';
import { bookedSpan } from '../clinicCalendar.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { loadJourney } from '../journeys.js';
import { planValues } from '../records/plan.js';
import { PATIENT_READERS } from '../records/recordKind.js';
import { commonErrors, problemSchema } from './schemas.js';

/** RFC: FHIR's JSON media type (R4 §3.1.0.1.6). */
export const FHIR_JSON = 'application/fhir+json';

/**
 * One patient's journey as a FHIR R4 Bundle (type `collection`), built by the core's
 * patientBundle (docs/fhir.md). Identifying: clinicians and admins only; a read of patient data,
 * audited. Photo URLs are relative (`/api/patients/{id}/photos/{photoId}`): the Host header is
 * the client's to choose, so it does not go into the record, and a relative URL resolves against
 * wherever the bundle was fetched from.
 */
export function fhirRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // The same on every call: built once.
    const definitions = fhirDefinitions() as unknown as Record<string, unknown>;
    app.get(
      '/api/fhir/definitions',
      {
        config: {
          // Definitions, not patient data: refusals are recorded, reads are not.
          audit: {
            action: 'fhir.definitions',
            resourceType: 'fhir-definitions',
            reads: 'unrecorded',
          },
        },
        schema: {
          operationId: 'getFhirDefinitions',
          summary:
            'The definitions the FHIR export points to: extension StructureDefinitions, local CodeSystems, the screening Questionnaire (no patient data)',
          description:
            'A FHIR R4 Bundle (collection) for a receiving system to load once: a ' +
            'StructureDefinition per extension the export writes, the local CodeSystems ' +
            '(content complete) and the screening Questionnaire. Details: docs/fhir.md.',
          tags: ['records'],
          response: {
            200: {
              description: 'a FHIR R4 Bundle of type collection',
              content: { [FHIR_JSON]: { schema: z.record(z.string(), z.unknown()) } },
            },
            401: problemSchema,
          },
        },
      },
      async (_request, reply) =>
        reply
          .type(`${FHIR_JSON}; charset=utf-8`)
          .header('content-disposition', 'inline; filename="microcore-definitions.fhir.json"')
          .send(definitions),
    );

    app.get(
      '/api/patients/:id/fhir',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'patient.fhir-export', resourceType: 'patient' },
        },
        schema: {
          operationId: 'exportPatientFhir',
          summary: 'The patient’s journey as a FHIR R4 Bundle (collection)',
          description:
            'Patient, Organization, Devices (needle, handpiece), CarePlan per series, Procedure ' +
            'per session, Observations (Fitzpatrick as LOINC 66555-4; Lemperle, GAIS, ' +
            'satisfaction and laxity in the local CodeSystem carried in the bundle), ' +
            'AdverseEvent, Consent, Media per photo. Answers `application/fhir+json`. ' +
            'Details and what is not mapped: docs/fhir.md.',
          tags: ['records'],
          params: z.object({ id: idParam }),
          response: {
            200: {
              description: 'a FHIR R4 Bundle of type collection',
              content: { [FHIR_JSON]: { schema: z.record(z.string(), z.unknown()) } },
            },
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const bundle = await auditedRead(
          context,
          request,
          async ({ tx, user, now, clinic: settings }) => {
            const journey = await loadJourney(tx, user.clinicId, request.params.id);
            // The plans the series and sessions were recorded against (a CarePlan describes its
            // plan's needle and zones); a plan never used adds nothing to the record.
            const planIds = [
              ...new Set([
                ...journey.series.map((s) => s.planId),
                ...journey.sessions.map((s) => s.planId),
              ]),
            ];
            const plans = await planValues(tx, user.clinicId, journey.patient.id, planIds);
            const clinic = await tx
              .selectFrom('clinics')
              .select(['id', 'name'])
              .where('id', '=', user.clinicId)
              .executeTakeFirstOrThrow();
            const value = patientBundle(journey, {
              plans: plans.map((row) => fhirPlanSummary(row.id, row.plan as unknown as StoredPlan)),
              clinic: { id: clinic.id, name: clinic.name },
              generatedAt: now.toISOString(),
              // Each booking's day and time in the clinic's clock, as the instants FHIR wants.
              followUpSpans: Object.fromEntries(
                (journey.followUps ?? []).map((f) => [
                  f.id,
                  bookedSpan(settings.timeZone, f.date, f.time),
                ]),
              ),
            });
            return { value, resourceId: journey.patient.id };
          },
        );
        return reply
          .type(`${FHIR_JSON}; charset=utf-8`)
          .header(
            'content-disposition',
            `inline; filename="microcore-patient-${request.params.id}.fhir.json"`,
          )
          .send(bundle as unknown as Record<string, unknown>);
      },
    );
  };
}
