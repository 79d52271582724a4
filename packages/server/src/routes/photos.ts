import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { notFound } from '../http/problems.js';
import { refuseFutureDates } from '../records/fields.js';
import { findPatient } from '../records/patient.js';
import {
  insertPhoto,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  photoBytes,
  photoQuery,
  photoSchema,
  photos,
  uploadedImage,
} from '../records/photo.js';
import { PATIENT_READERS } from '../records/recordKind.js';
import { kindOperationIds, patientRecordRoutes } from './patientRecordRoutes.js';
import { photoPupilRoutes } from './photoPupils.js';
import { commonErrors, problemSchema } from './schemas.js';

/** The bytes of an image, as OpenAPI 3.0 describes a binary body. */
const imageBytes = z.string().meta({ format: 'binary' });

/**
 * Photos: the standard list (records/photo.ts), and the two routes that are not JSON — the upload
 * (the raw image as the body, details in the query) and the read of the bytes.
 */
export function photoRoutes(context: RouteContext) {
  return async (fastify: FastifyInstance) => {
    await fastify.register(patientRecordRoutes(context, photos));
    await fastify.register(photoPupilRoutes(context));
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    // The raw bytes of an image body, in this plugin only (everything else stays JSON).
    app.addContentTypeParser(
      [...PHOTO_TYPES],
      { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      '/api/patients/:id/photos',
      {
        bodyLimit: PHOTO_MAX_BYTES,
        config: {
          roles: photos.writers,
          audit: { action: 'photo.create', resourceType: 'photo' },
          rawBody: { mediaTypes: PHOTO_TYPES },
        },
        schema: {
          operationId: kindOperationIds(photos).create,
          summary: 'Upload a photo (the raw JPEG or PNG as the body; details in the query)',
          description:
            'Body: the image file itself, `Content-Type: image/jpeg` or `image/png`, at most ' +
            `${PHOTO_MAX_BYTES / 1024 / 1024} MiB. Every piece of metadata (EXIF with GPS, XMP, ` +
            'IPTC, comments, PNG text and eXIf chunks) is removed before it is stored; the ' +
            'image data is kept byte for byte. A file that is not a well-formed JPEG or PNG is ' +
            '422 `body`; a consent that is not an active photography consent of this patient ' +
            'is 422 `consentId`.',
          tags: ['records'],
          params: z.object({ id: idParam }),
          querystring: photoQuery,
          response: { 201: photoSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const image = uploadedImage(request.body, request.headers['content-type']);
        const photo = await auditedWrite(context, request, async (scope) => {
          refuseFutureDates(request.query, ['takenDate'], scope.today);
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const stored = await insertPhoto({ ...scope, patient }, request.query, image);
          return { value: stored, resourceId: stored.id };
        });
        reply.code(201).header('location', `/api/patients/${photo.patientId}/photos/${photo.id}`);
        return photo;
      },
    );

    app.get(
      '/api/patients/:id/photos/:photoId',
      {
        config: { roles: PATIENT_READERS, audit: { action: 'photo.read', resourceType: 'photo' } },
        schema: {
          operationId: kindOperationIds(photos).read,
          summary: 'The photo itself: its bytes (image/jpeg or image/png), metadata removed',
          tags: ['records'],
          params: z.object({ id: idParam, photoId: idParam }),
          response: {
            200: {
              description: 'the image, byte for byte as stored',
              content: Object.fromEntries(
                PHOTO_TYPES.map((type) => [type, { schema: imageBytes }]),
              ),
            },
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const photo = await auditedRead(context, request, async (scope) => {
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const row = await photoBytes({ ...scope, patient }, request.params.photoId);
          if (!row) throw notFound('photo');
          return { value: row, resourceId: row.id };
        });
        const extension = photo.content_type === 'image/png' ? 'png' : 'jpg';
        return (
          reply
            .type(photo.content_type)
            .header('cache-control', 'private, no-store')
            .header('x-content-type-options', 'nosniff')
            .header('etag', `"${photo.sha256}"`)
            .header('content-disposition', `inline; filename="${photo.id}.${extension}"`)
            // Bytes, not JSON: Fastify sends a Buffer as it is, past the response schemas (which
            // type only the JSON answers, hence the cast).
            .send(Buffer.from(photo.bytes) as never)
        );
      },
    );
  };
}
