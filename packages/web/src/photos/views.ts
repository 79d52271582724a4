import { everyOf } from '../api/everyOf';
import type { Photo } from '../api/types';

/** The standard views, in the order a photo session takes them, with how the screens name them. */

export type PhotoView = NonNullable<Photo['view']>;

export const VIEW_LABELS: Readonly<Record<PhotoView, string>> = {
  front: 'Front',
  'left-oblique': 'Left oblique',
  'right-oblique': 'Right oblique',
  'left-lateral': 'Left lateral',
  'right-lateral': 'Right lateral',
  submental: 'Submental',
};

export const PHOTO_VIEWS = everyOf<PhotoView>()([
  'front',
  'left-oblique',
  'right-oblique',
  'left-lateral',
  'right-lateral',
  'submental',
]);

export const viewLabel = (view: Photo['view']): string =>
  view ? VIEW_LABELS[view] : 'No view given';

/** Oldest first, as the API lists them: by the day taken, then by when stored. */
export function photosOfView(photos: readonly Photo[], view: PhotoView): Photo[] {
  return photos.filter((photo) => photo.view === view);
}

/**
 * The photos of a view that may be compared: a photo struck out as entered in error stays listed
 * (struck through, with its reason) but is never a baseline, a ghost or a side of before/after.
 */
export function comparablePhotosOfView(photos: readonly Photo[], view: PhotoView): Photo[] {
  return photosOfView(photos, view).filter((photo) => photo.recordStatus !== 'entered-in-error');
}

/** The baseline of a view: its first photo not struck out. */
export function baselineOf(photos: readonly Photo[], view: PhotoView): Photo | undefined {
  return comparablePhotosOfView(photos, view)[0];
}

/** The address of a photo's bytes (same origin: the session cookie goes with it). */
export const photoUrl = (patientId: string, photoId: string) =>
  `/api/patients/${encodeURIComponent(patientId)}/photos/${encodeURIComponent(photoId)}`;

/**
 * The address of a photo's thumbnail, for lists: a small JPEG the browser keeps in its private
 * cache (GET …/thumbnail; docs/server.md "Photos"), not the full image.
 */
export const thumbnailUrl = (patientId: string, photoId: string) =>
  `${photoUrl(patientId, photoId)}/thumbnail`;
