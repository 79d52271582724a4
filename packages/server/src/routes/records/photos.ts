import { createHash } from 'node:crypto';
import type { PhotoRecord } from '@microcore/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { RouteContext } from '../../app.js';
import { inClinic } from '../../db/open.js';
import type { PhotosTable } from '../../db/schema.js';
import { notFound, Problem } from '../../http/problems.js';
import { ImageError, type StrippedImage, stripMetadata } from '../../photos/stripMetadata.js';
import { findPatient, PATIENT_READERS, UUID } from '../patients.js';
import { commonErrors, idParams, problemSchema } from '../schemas.js';
import {
  audit,
  type IsA,
  isoTime,
  listForPatient,
  RECORD_WRITERS,
  recordDate,
  recordId,
  refuse,
  requireActive,
  signedIn,
  TEMPLATE_ZONE_IDS,
} from './common.js';

/** The largest photo accepted, bytes (as uploaded, before its metadata is removed). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;

export const photoQuery = z.strictObject({
  consentId: recordId.describe('an active photography consent of this patient'),
  takenDate: recordDate.describe('the day the photo was taken'),
  zoneId: z.string().min(1).max(64).optional().describe('the zone shown, a face-template zone id'),
});

export const photoSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    consentId: z.uuid(),
    takenDate: z.string(),
    zoneId: z.string().nullable(),
    contentType: z.enum(PHOTO_TYPES),
    byteLength: z.number(),
    sha256: z.string().describe('SHA-256 (hex) of the stored bytes, metadata removed'),
    createdAt: z.string(),
  })
  .describe('a photo, without its bytes (records/types.ts PhotoRecord)');

type Photo = z.infer<typeof photoSchema>;
export type PhotoIsCoreRecord = IsA<Photo, PhotoRecord>;

type PhotoMeta = Omit<Selectable<PhotosTable>, 'bytes'>;

export function toPhoto(row: PhotoMeta): Photo {
  return {
    id: row.id,
    patientId: row.patient_id,
    consentId: row.consent_id,
    takenDate: row.taken_date,
    zoneId: row.zone_id,
    contentType: row.content_type as Photo['contentType'],
    byteLength: Number(row.byte_length),
    sha256: row.sha256,
    createdAt: isoTime(row.created_at),
  };
}

export const META_COLUMNS = [
  'id',
  'clinic_id',
  'patient_id',
  'consent_id',
  'taken_date',
  'zone_id',
  'content_type',
  'byte_length',
  'sha256',
  'created_by',
  'created_at',
] as const;

const photoParams = z.object({ id: z.string().max(64), photoId: z.string().max(64) });

/**
 * The uploaded bytes, metadata removed, or a refusal: 415 when the body is not an image
 * upload at all, 422 (`body`) when it is not a well-formed JPEG or PNG or not what its
 * Content-Type says.
 */
function uploadedImage(body: unknown, contentType: string | undefined): StrippedImage {
  if (!Buffer.isBuffer(body))
    throw new Problem(
      'unsupported-media-type',
      "send the photo's bytes as the body, with Content-Type image/jpeg or image/png",
    );
  let image: StrippedImage;
  try {
    image = stripMetadata(body);
  } catch (error) {
    if (error instanceof ImageError) refuse([{ field: 'body', message: error.message }]);
    throw error;
  }
  const declared = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (declared !== image.contentType)
    refuse([
      {
        field: 'body',
        message: `the file is ${image.contentType === 'image/jpeg' ? 'a JPEG' : 'a PNG'}, but Content-Type says ${declared}`,
      },
    ]);
  return image;
}

export function photoRoutes(context: RouteContext) {
  const { db } = context;
  return async (fastify: FastifyInstance) => {
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
        config: { roles: RECORD_WRITERS, audit: { action: 'photo.create', resourceType: 'photo' } },
        schema: {
          summary: 'Upload a photo (the raw JPEG or PNG as the body; details in the query)',
          description:
            'Body: the image file itself, `Content-Type: image/jpeg` or `image/png`, at most ' +
            `${PHOTO_MAX_BYTES / 1024 / 1024} MiB. Every piece of metadata (EXIF with GPS, XMP, ` +
            'IPTC, comments, PNG text and eXIf chunks) is removed before it is stored; the ' +
            'image data is kept byte for byte. A file that is not a well-formed JPEG or PNG is ' +
            '422 `body`; a consent that is not an active photography consent of this patient ' +
            'is 422 `consentId`.',
          tags: ['records'],
          params: idParams,
          querystring: photoQuery,
          response: { 201: photoSchema, 404: problemSchema, 409: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = signedIn(request.user);
        const query = request.query;
        const image = uploadedImage(request.body, request.headers['content-type']);
        if (query.zoneId !== undefined && !TEMPLATE_ZONE_IDS.includes(query.zoneId))
          refuse([
            {
              field: 'zoneId',
              message: `not a zone of the face template (${TEMPLATE_ZONE_IDS.join(', ')})`,
            },
          ]);
        const sha256 = createHash('sha256').update(image.bytes).digest('hex');
        const photo = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          requireActive(patient);
          const consent = await tx
            .selectFrom('consents')
            .select(['id', 'scope', 'status', 'withdrawn_date'])
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', query.consentId)
            // A withdrawal committing meanwhile waits for this upload, or this upload sees it.
            .forShare()
            .executeTakeFirst();
          const problem = !consent
            ? 'no consent of this patient has this id'
            : consent.scope !== 'photography'
              ? `is a consent to ${consent.scope}, not to photography`
              : consent.status !== 'active'
                ? `was withdrawn (${consent.withdrawn_date})`
                : undefined;
          if (problem) refuse([{ field: 'consentId', message: problem }]);
          const row = await tx
            .insertInto('photos')
            .values({
              clinic_id: user.clinicId,
              patient_id: patient.id,
              consent_id: query.consentId,
              taken_date: query.takenDate,
              zone_id: query.zoneId ?? null,
              content_type: image.contentType,
              byte_length: image.bytes.length,
              sha256,
              bytes: image.bytes,
              created_by: user.id,
            })
            .returning(META_COLUMNS)
            .executeTakeFirstOrThrow();
          await audit(tx, user, 'photo.create', 'photo', row.id);
          return toPhoto(row);
        });
        reply.code(201).header('location', `/api/patients/${photo.patientId}/photos/${photo.id}`);
        return photo;
      },
    );

    app.get(
      '/api/patients/:id/photos',
      {
        config: { roles: PATIENT_READERS, audit: { action: 'photo.list', resourceType: 'photo' } },
        schema: {
          summary: 'The patient’s photos (details, not bytes), by the day taken',
          tags: ['records'],
          params: idParams,
          response: {
            200: z.object({ items: z.array(photoSchema) }),
            404: problemSchema,
            ...commonErrors,
          },
        },
      },
      (request) =>
        listForPatient(context, request.user, request.params.id, 'photo.list', (tx, scope) =>
          tx
            .selectFrom('photos')
            .select(META_COLUMNS)
            .where('clinic_id', '=', scope.clinicId)
            .where('patient_id', '=', scope.patientId)
            .orderBy('taken_date')
            .orderBy('created_at')
            .orderBy('id')
            .execute()
            .then((rows) => rows.map(toPhoto)),
        ),
    );

    app.get(
      '/api/patients/:id/photos/:photoId',
      {
        config: { roles: PATIENT_READERS, audit: { action: 'photo.read', resourceType: 'photo' } },
        schema: {
          summary: 'The photo itself: its bytes (image/jpeg or image/png), metadata removed',
          tags: ['records'],
          params: photoParams,
          response: { 404: problemSchema, ...commonErrors },
        },
      },
      async (request, reply) => {
        const user = signedIn(request.user);
        const photo = await inClinic(db, user.clinicId, async (tx) => {
          const patient = await findPatient(tx, user.clinicId, request.params.id);
          if (!UUID.test(request.params.photoId)) throw notFound('photo');
          const row = await tx
            .selectFrom('photos')
            .select(['id', 'content_type', 'sha256', 'bytes'])
            .where('clinic_id', '=', user.clinicId)
            .where('patient_id', '=', patient.id)
            .where('id', '=', request.params.photoId)
            .executeTakeFirst();
          if (!row) throw notFound('photo');
          await audit(tx, user, 'photo.read', 'photo', row.id);
          return row;
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
