import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditedRead, auditedWrite } from '../audited.js';
import type { RouteContext } from '../context.js';
import { idParam } from '../http/ids.js';
import { notFound } from '../http/problems.js';
import { THUMBNAIL_PX, thumbnailOf } from '../photos/thumbnail.js';
import { uprightImage } from '../photos/upright.js';
import { refuseFutureDates } from '../records/fields.js';
import { findPatient } from '../records/patient.js';
import {
  insertPhoto,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  photoBytes,
  photoDigest,
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
            'image data is kept byte for byte, except that a photo whose EXIF orientation says ' +
            'it is stored turned is first turned upright in its pixels. A file that is not a well-formed JPEG or PNG is ' +
            '422 `body`; a consent that is not an active photography consent of this patient ' +
            'is 422 `consentId`.',
          tags: ['records'],
          params: z.object({ id: idParam }),
          querystring: photoQuery,
          response: { 201: photoSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        // Upright before the metadata goes: the orientation tag is part of it (photos/upright.ts).
        const body = Buffer.isBuffer(request.body)
          ? await uprightImage(request.body)
          : request.body;
        const image = uploadedImage(body, request.headers['content-type']);
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
      '/api/patients/:id/photos/:photoId/thumbnail',
      {
        config: {
          roles: PATIENT_READERS,
          audit: { action: 'photo.thumbnail', resourceType: 'photo' },
        },
        schema: {
          operationId: 'getPhotoThumbnail',
          summary: `The photo resized for a list: a JPEG at most ${THUMBNAIL_PX} px on its longest side`,
          description:
            'Cached by the browser only (`Cache-Control: private`, never by a shared cache: a ' +
            'face identifies a patient) for a year as immutable, since a photo never changes; ' +
            "the ETag is the stored image's SHA-256, and `If-None-Match` with it is 304 — after " +
            'the same access check as every read. `Vary: Cookie, Authorization`: another ' +
            'sign-in on the same browser does not reuse it.',
          tags: ['records'],
          params: z.object({ id: idParam, photoId: idParam }),
          response: {
            200: {
              description: 'the thumbnail (image/jpeg)',
              content: { 'image/jpeg': { schema: imageBytes } },
            },
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      async (request, reply) => {
        const tag = (sha256: string) => `"${sha256}-thumbnail-${THUMBNAIL_PX}"`;
        const unchanged = (sha256: string) => request.headers['if-none-match'] === tag(sha256);
        const photo = await auditedRead(context, request, async (scope) => {
          const patient = await findPatient(scope.tx, scope.user.clinicId, request.params.id);
          const digest = await photoDigest({ ...scope, patient }, request.params.photoId);
          if (!digest) throw notFound('photo');
          // Not modified: the bytes are not even read.
          const row = unchanged(digest.sha256)
            ? { ...digest, bytes: undefined }
            : await photoBytes({ ...scope, patient }, request.params.photoId);
          if (!row) throw notFound('photo');
          return { value: row, resourceId: row.id };
        });
        reply
          .header('cache-control', 'private, max-age=31536000, immutable')
          .header('vary', 'Cookie, Authorization')
          .header('etag', tag(photo.sha256))
          .header('x-content-type-options', 'nosniff');
        if (photo.bytes === undefined) return reply.code(304 as never).send(undefined as never);
        return reply.type('image/jpeg').send((await thumbnailOf(photo.bytes)) as never);
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
