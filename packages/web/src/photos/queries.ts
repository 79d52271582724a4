import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Consent, Photo, PupilMarks } from '../api/types';
import { consentsQuery, photosQuery, pupilMarksQuery } from '../patients/recordQueries';
import type { Point } from './eyeAlignment';
import type { PhotoView } from './views';

/**
 * The photo screens' reads: the patient's shared record queries (patients/recordQueries.ts), each
 * narrowed with `select` to what these screens use, so the timeline and these screens share one
 * cache entry per list.
 */

const itemsOf = <T>(answer: { items: T[] }): T[] => answer.items;

export function usePhotos(patientId: string) {
  return useQuery({ ...photosQuery(patientId), select: itemsOf });
}

const marksByPhoto = ({ items }: { items: PupilMarks[] }) =>
  new Map<string, PupilMarks>(items.map((marks) => [marks.photoId, marks]));

/** Every pupil mark of the patient's photos, by photo id. */
export function usePupilMarks(patientId: string) {
  return useQuery({ ...pupilMarksQuery(patientId), select: marksByPhoto });
}

const activePhotographyConsent = ({ items }: { items: Consent[] }): Consent | null =>
  items.find((c) => c.scope === 'photography' && c.status === 'active') ?? null;

/** The patient's active photography consent, which a new photo is taken under (or undefined). */
export function usePhotographyConsent(patientId: string) {
  return useQuery({ ...consentsQuery(patientId), select: activePhotographyConsent });
}

export interface PhotoUpload {
  readonly patientId: string;
  readonly consentId: string;
  readonly takenDate: string;
  /** '' when none was chosen: sent as it is, so the server names the field (422 `view`). */
  readonly view: PhotoView | '';
  readonly file: Blob;
}

/** Send the file as it is: the server removes its metadata and says when it is not a photo. */
export async function uploadPhoto(upload: PhotoUpload): Promise<Photo> {
  return unwrap(
    await api.POST('/api/patients/{id}/photos', {
      params: {
        path: { id: upload.patientId },
        query: {
          consentId: upload.consentId,
          takenDate: upload.takenDate,
          view: upload.view as PhotoView,
        },
      },
      // The raw bytes, typed as the binary string OpenAPI 3.0 describes; its own Content-Type
      // (a file that is not a JPEG or PNG is refused by the server, 415 or 422 `body`).
      body: upload.file as unknown as string,
      bodySerializer: (file: unknown) => file as Blob,
      headers: { 'content-type': upload.file.type || 'application/octet-stream' },
    }),
  );
}

export async function markPupils(
  patientId: string,
  photoId: string,
  pupils: { left: Point; right: Point },
): Promise<PupilMarks> {
  return unwrap(
    await api.PUT('/api/patients/{id}/photos/{photoId}/pupils', {
      params: { path: { id: patientId, photoId } },
      body: pupils,
    }),
  );
}
