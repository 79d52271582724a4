import { createHash } from 'node:crypto';
import type { PhotoRecord } from '@microcore/core';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Tx } from '../db/open.js';
import type { PhotosTable } from '../db/schema.js';
import { bodyId } from '../http/ids.js';
import { Problem } from '../http/problems.js';
import { ImageError, type StrippedImage, stripMetadata } from '../photos/stripMetadata.js';
import {
  type IsA,
  isoTime,
  recordDate,
  refuse,
  requireActive,
  TEMPLATE_ZONE_IDS,
} from './fields.js';
import { photoView } from './photoView.js';
import { type PatientScope, RECORD_WRITERS, recordKind } from './recordKind.js';
import { versionFields, versionOf } from './versions.js';

/**
 * A photo of the patient: its bytes (every piece of metadata removed before it is stored) and
 * its details. Taken under an active photography consent. The upload (a raw image body) and the
 * read of the bytes are routes of their own (routes/photos.ts); the list is the standard one.
 */

/** The largest photo accepted, bytes (as uploaded, before its metadata is removed). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;

export const photoQuery = z.strictObject({
  consentId: bodyId.describe('an active photography consent of this patient'),
  takenDate: recordDate.describe('the day the photo was taken'),
  zoneId: z.string().min(1).max(64).optional().describe('the zone shown, a face-template zone id'),
  view: photoView.optional(),
});

/** A photo's details a correction may change (the image never changes). */
const photoDetails = z.strictObject({
  takenDate: photoQuery.shape.takenDate,
  zoneId: z
    .string()
    .min(1)
    .max(64)
    .nullable()
    .describe('the zone shown, a face-template zone id; null for none'),
  view: photoView.nullable().describe('the standard view; null for none'),
});

export const photoSchema = z
  .object({
    id: z.uuid(),
    patientId: z.uuid(),
    consentId: z.uuid(),
    takenDate: z.string(),
    zoneId: z.string().nullable(),
    view: photoView.nullable(),
    contentType: z.enum(PHOTO_TYPES),
    byteLength: z.number(),
    sha256: z.string().describe('SHA-256 (hex) of the stored bytes, metadata removed'),
    createdAt: z.string(),
    ...versionFields,
  })
  .describe('a photo, without its bytes (records/types.ts PhotoRecord)');

type Photo = z.infer<typeof photoSchema>;
export type PhotoIsCoreRecord = IsA<Photo, PhotoRecord>;

type PhotoMeta = Pick<Selectable<PhotosTable>, (typeof META_COLUMNS)[number]>;

export function toPhoto(row: PhotoMeta): Photo {
  return {
    id: row.id,
    patientId: row.patient_id,
    consentId: row.consent_id,
    takenDate: row.taken_date,
    zoneId: row.zone_id,
    view: row.view as Photo['view'],
    contentType: row.content_type as Photo['contentType'],
    byteLength: Number(row.byte_length),
    sha256: row.sha256,
    createdAt: isoTime(row.created_at),
    ...versionOf(row),
  };
}

const META_COLUMNS = [
  'id',
  'clinic_id',
  'patient_id',
  'consent_id',
  'taken_date',
  'zone_id',
  'view',
  'content_type',
  'byte_length',
  'sha256',
  'created_by',
  'created_at',
  'version',
  'record_status',
] as const;

/**
 * The photos' details (never the bytes) of a clinic (of one patient when given; one photo of
 * theirs when given), by day taken.
 */
export function photoRows(tx: Tx, clinicId: string, patientId?: string, photoId?: string) {
  let query = tx.selectFrom('photos').select(META_COLUMNS).where('clinic_id', '=', clinicId);
  if (patientId !== undefined) query = query.where('patient_id', '=', patientId);
  if (photoId !== undefined) query = query.where('id', '=', photoId);
  return query.orderBy('taken_date').orderBy('created_at').orderBy('id').execute();
}

/**
 * The uploaded bytes, metadata removed, or a refusal: 415 when the body is not an image upload
 * at all, 422 (`body`) when it is not a well-formed JPEG or PNG or not what its Content-Type says.
 */
export function uploadedImage(body: unknown, contentType: string | undefined): StrippedImage {
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

/** A photo's zone, when named, is one of the face template's (else 422 `zoneId`). */
function refuseUnknownZone(zoneId: string | null | undefined): void {
  if (typeof zoneId === 'string' && !TEMPLATE_ZONE_IDS.includes(zoneId))
    refuse([
      {
        field: 'zoneId',
        message: `not a zone of the face template (${TEMPLATE_ZONE_IDS.join(', ')})`,
      },
    ]);
}

/** Store a photo of the patient under an active photography consent (else 422 `consentId`). */
export async function insertPhoto(
  { tx, user, patient }: PatientScope,
  query: z.infer<typeof photoQuery>,
  image: StrippedImage,
): Promise<Photo> {
  requireActive(patient);
  refuseUnknownZone(query.zoneId);
  const consent = await tx
    .selectFrom('consents')
    .select(['id', 'scope', 'status', 'withdrawn_date', 'record_status'])
    .where('clinic_id', '=', user.clinicId)
    .where('patient_id', '=', patient.id)
    .where('id', '=', query.consentId)
    // A withdrawal committing meanwhile waits for this upload, or this upload sees it.
    .forShare()
    .executeTakeFirst();
  const problem = !consent
    ? 'no consent of this patient has this id'
    : consent.record_status !== 'current'
      ? 'was struck out as entered in error'
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
      view: query.view ?? null,
      content_type: image.contentType,
      byte_length: image.bytes.length,
      sha256: createHash('sha256').update(image.bytes).digest('hex'),
      bytes: image.bytes,
      created_by: user.id,
    })
    .returning(META_COLUMNS)
    .executeTakeFirstOrThrow();
  return toPhoto(row);
}

/** One photo's bytes and what its answer's headers need, or undefined. */
export function photoBytes(scope: PatientScope, photoId: string) {
  return onePhoto(scope, photoId).select('bytes').executeTakeFirst();
}

/** One photo's digest (its ETag) without its bytes: enough to answer "not modified". */
export function photoDigest(scope: PatientScope, photoId: string) {
  return onePhoto(scope, photoId).executeTakeFirst();
}

function onePhoto({ tx, user, patient }: PatientScope, photoId: string) {
  return tx
    .selectFrom('photos')
    .select(['id', 'content_type', 'sha256'])
    .where('clinic_id', '=', user.clinicId)
    .where('patient_id', '=', patient.id)
    .where('id', '=', photoId);
}

export const photos = recordKind({
  name: 'photo',
  resourceType: 'photo',
  noun: 'photo',
  path: 'photos',
  idParam: 'photoId',
  tag: 'records',
  json: photoSchema,
  writers: RECORD_WRITERS,
  list: {
    summary: 'The patient’s photos (details, not bytes), by the day taken',
    items: async ({ tx, user, patient }) =>
      (await photoRows(tx, user.clinicId, patient.id)).map(toPhoto),
  },
  versions: {
    table: 'photos',
    toJson: toPhoto,
    current: async ({ tx, user, patient }, id) => {
      const [row] = await photoRows(tx, user.clinicId, patient.id, id);
      return row && toPhoto(row);
    },
    correct: {
      description:
        'The details may be corrected (the day taken, the zone shown, the standard view; ' +
        '`zoneId: null` / `view: null` for none); ' +
        'the image itself never changes: strike out a wrong photo and upload the right one.',
      fields: photoDetails,
      notAfterToday: ['takenDate'],
      apply: async ({ tx, user }, id, changes, next) => {
        const { takenDate, zoneId, view } = changes as z.infer<typeof photoDetails>;
        refuseUnknownZone(zoneId);
        await tx
          .updateTable('photos')
          .set({
            ...(takenDate === undefined ? {} : { taken_date: takenDate }),
            ...(zoneId === undefined ? {} : { zone_id: zoneId }),
            ...(view === undefined ? {} : { view }),
            ...next,
          })
          .where('clinic_id', '=', user.clinicId)
          .where('id', '=', id)
          .execute();
      },
    },
  },
});
