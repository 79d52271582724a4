import { z } from 'zod';

/**
 * The standard views of a clinical face photo. A follow-up is compared with the baseline of the
 * same view, so the view is part of the photo's details. `left`/`right` are the patient's: a
 * left oblique shows the patient's left cheek. The database's CHECK repeats this list
 * (migrations/021_photo_view_pupils.sql).
 */
export const PHOTO_VIEWS = [
  'front',
  'left-oblique',
  'right-oblique',
  'left-lateral',
  'right-lateral',
  'submental',
] as const;

export type PhotoView = (typeof PHOTO_VIEWS)[number];

export const photoView = z
  .enum(PHOTO_VIEWS)
  .describe("the standard view: front, an oblique or lateral (the patient's side), submental");
