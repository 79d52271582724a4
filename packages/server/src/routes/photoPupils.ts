import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { findPatient } from '../records/patient.js';
import {
  markPupils,
  pupilMarksBody,
  pupilMarksOfPatient,
  pupilMarksSchema,
} from '../records/photoPupils.js';
import { PATIENT_READERS, RECORD_WRITERS } from '../records/recordKind.js';
import { commonErrors, problemSchema } from './schemas.js';

/**
 * A photo's pupil marks (records/photoPupils.ts): marked once with PUT on the photo, listed for
 * the whole patient. Readers and writers are the photos' own: never a researcher.
 */
export function photoPupilRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.put(
      '/api/patients/:id/photos/:photoId/pupils',
      {
        config: {
          roles: RECORD_WRITERS,
          audit: { action: 'pupil-marks.create', resourceType: 'photo' },
        },
        schema: {
          operationId: 'markPhotoPupils',
          summary: "Mark both pupils on a photo, once (the image's pixels)",
          description:
            "Both pupils in the stored image's pixels (x from the left edge, y from the top), " +
            'each inside the image (else 422 naming `left.x`, `right.y`, …), not one point ' +
            '(422 `right`). Written once: a photo marked already is 409, and marks are never ' +
            'changed. The web app aligns a before/after pair on them.',
          tags: ['records'],
          params: z.object({ id: idParam, photoId: idParam }),
          body: pupilMarksBody,
          response: {
            201: pupilMarksSchema,
            404: problemSchema,
            409: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const marks = await auditedWrite(context, request, async (scope) => {
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const stored = await markPupils(
            { ...scope, patient },
            request.params.photoId,
            request.body,
          );
          return { value: stored, resourceId: stored.photoId };
        });
        return reply.code(201).send(marks);
      },
    );

    app.get(
      '/api/patients/:id/pupil-marks',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'pupil-marks.list', resourceType: 'patient' },
        },
        schema: {
          operationId: 'listPupilMarks',
          summary: "The pupil marks of the patient's photos (photos not marked have none)",
          tags: ['records'],
          params: z.object({ id: idParam }),
          response: {
            200: z.object({ items: z.array(pupilMarksSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request) =>
        auditedRead(context, request, async (scope) => {
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const items = await pupilMarksOfPatient({ ...scope, patient });
          return { value: { items }, resourceId: patient.id };
        }),
    );
  };
}
