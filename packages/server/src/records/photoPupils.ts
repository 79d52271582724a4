import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { PhotoPupilsTable } from '../db/schema.js';
import { type FieldError, notFound, Problem } from '../http/problems.js';
import { storedImageSize } from '../photos/imageSize.js';
import { isoTime, refuse, requireActive } from './fields.js';
import type { PatientScope } from './recordKind.js';

/**
 * A photo's pupil marks: both pupils, in the stored image's pixels (x to the right, y down, from
 * the top-left corner; fractions allowed, as a tap on a scaled image lands between pixels). A
 * before/after pair is scaled and rotated so its interpupillary lines coincide (the web app's
 * photos/eyeAlignment.ts). Marked once per photo: a second marking is 409, as a changed mark
 * would silently move every comparison made with it. Kept beside the photo rather than in it,
 * so the photo's own record (records/photo.ts) stays as uploaded.
 */

const point = z
  .strictObject({
    x: z.number().min(0).describe('pixels from the left edge'),
    y: z.number().min(0).describe('pixels from the top edge'),
  })
  .describe('a point on the image, in its pixels');

export const pupilMarksBody = z
  .strictObject({
    left: point.describe("the patient's left pupil (on the viewer's right in a front view)"),
    right: point.describe("the patient's right pupil (on the viewer's left in a front view)"),
  })
  .describe("both pupils, in the image's pixels");

export const pupilMarksSchema = z
  .object({
    photoId: z.uuid(),
    patientId: z.uuid(),
    left: z.object({ x: z.number(), y: z.number() }),
    right: z.object({ x: z.number(), y: z.number() }),
    createdAt: z.string(),
  })
  .describe("a photo's pupil marks, in its pixels");

type PupilMarks = z.infer<typeof pupilMarksSchema>;

function toPupilMarks(row: Selectable<PhotoPupilsTable>): PupilMarks {
  return {
    photoId: row.photo_id,
    patientId: row.patient_id,
    left: { x: row.left_x, y: row.left_y },
    right: { x: row.right_x, y: row.right_y },
    createdAt: isoTime(row.created_at),
  };
}

/** Every pupil mark of the patient's photos (one request for the whole photo screen). */
export async function pupilMarksOfPatient({ tx, user, patient }: PatientScope) {
  const rows = await tx
    .selectFrom('photo_pupils')
    .selectAll()
    .where('clinic_id', '=', user.clinicId)
    .where('patient_id', '=', patient.id)
    .orderBy('created_at')
    .orderBy('photo_id')
    .execute();
  return rows.map(toPupilMarks);
}

/**
 * Mark a photo's pupils, once: 404 for a photo this patient does not have, 422 for a mark outside
 * the image or both on one point, 409 when the photo is marked already.
 */
export async function markPupils(
  { tx, user, patient }: PatientScope,
  photoId: string,
  body: z.infer<typeof pupilMarksBody>,
): Promise<PupilMarks> {
  requireActive(patient);
  const photo = await tx
    .selectFrom('photos')
    .select(['id', 'bytes'])
    .where('clinic_id', '=', user.clinicId)
    .where('patient_id', '=', patient.id)
    .where('id', '=', photoId)
    .executeTakeFirst();
  if (!photo) throw notFound('photo');
  const size = storedImageSize(photo.bytes);
  if (!size) throw new Problem('conflict', 'the size of this photo is not in its header');
  const errors: FieldError[] = [];
  for (const side of ['left', 'right'] as const) {
    const { x, y } = body[side];
    if (x > size.widthPx)
      errors.push({
        field: `${side}.x`,
        message: `must be at most the image's width, ${size.widthPx} px`,
      });
    if (y > size.heightPx)
      errors.push({
        field: `${side}.y`,
        message: `must be at most the image's height, ${size.heightPx} px`,
      });
  }
  if (body.left.x === body.right.x && body.left.y === body.right.y)
    errors.push({ field: 'right', message: 'must not be the same point as the left pupil' });
  if (errors.length > 0) refuse(errors);
  const row = await tx
    .insertInto('photo_pupils')
    .values({
      photo_id: photoId,
      clinic_id: user.clinicId,
      patient_id: patient.id,
      left_x: body.left.x,
      left_y: body.left.y,
      right_x: body.right.x,
      right_y: body.right.y,
      created_by: user.id,
    })
    // A marking committed first (even by a concurrent request) stands: this one is refused.
    .onConflict((conflict) => conflict.column('photo_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row)
    throw new Problem(
      'conflict',
      'the pupils of this photo are marked already; marks are never changed',
    );
  return toPupilMarks(row);
}
