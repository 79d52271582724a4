import type { Media } from '@medplum/fhirtypes';
import type { PhotoRecord } from '../records/types.js';
import { PHOTO_VIEW_CODES } from './codeSystems.js';
import { EXTENSION, MEDIA_TYPE, PHOTO_VIEWS_SYSTEM } from './codes.js';
import { narrative } from './narrative.js';
import { type BuildContext, bodySite, ids, recordIdentifier, ref } from './shared.js';

/** The API path of a photo's bytes; absolute when the export knows the API's origin. */
export function photoUrl(baseUrl: string | undefined, patientId: string, photoId: string): string {
  const path = `/api/patients/${encodeURIComponent(patientId)}/photos/${encodeURIComponent(photoId)}`;
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}${path}` : path;
}

/**
 * A photo as Media, by reference: the bytes stay behind the API (content.url), so the export
 * stays small and a photo is fetched only by a reader allowed to. R4 Attachment.hash is the
 * SHA-1 of the data, base64; the record keeps a SHA-256 (hex) of the stored bytes and the export
 * does not have the bytes, so the SHA-256 goes in an extension and `hash` stays empty rather
 * than holding a value of the wrong kind. The standard view (front, an oblique, …), when the
 * photo has one, is Media.view in the local photo-views CodeSystem; the zone is the bodySite.
 */
export function mediaResource(ctx: BuildContext, photo: PhotoRecord): Media {
  const consent = ctx.journey.consents.some((c) => c.id === photo.consentId);
  const zone = photo.zoneId ? ctx.zoneLabel(photo.zoneId) : undefined;
  const view = photo.view ? PHOTO_VIEW_CODES[photo.view] : undefined;
  const title = `Photo of ${zone ?? 'the face'}${view ? `, ${view.display.toLowerCase()}` : ''}, ${photo.takenDate}`;
  return {
    resourceType: 'Media',
    id: ids.photo(photo.id),
    text: narrative(
      `${title} (${photo.contentType}, ${photo.byteLength} bytes, metadata removed), taken under the patient's photography consent${consent ? '' : ' (not in this export)'}.`,
      'The image is not in this export: it is served by the clinic to authorised users at the content URL.',
    ),
    ...(consent
      ? {
          extension: [
            { url: EXTENSION.consent, valueReference: ref(ids.consent(photo.consentId)) },
          ],
        }
      : {}),
    identifier: [recordIdentifier('photo', photo.id)],
    status: 'completed',
    type: { coding: [{ system: MEDIA_TYPE, code: 'image', display: 'Image' }] },
    subject: ctx.patientRef,
    ...(photo.view && view
      ? {
          view: {
            coding: [{ system: PHOTO_VIEWS_SYSTEM, code: photo.view, display: view.display }],
            text: view.display,
          },
        }
      : {}),
    createdDateTime: photo.takenDate,
    ...(photo.zoneId ? { bodySite: bodySite(photo.zoneId, ctx.zoneLabel(photo.zoneId)) } : {}),
    content: {
      extension: [{ url: EXTENSION.sha256, valueString: photo.sha256.toLowerCase() }],
      contentType: photo.contentType,
      url: photoUrl(ctx.export.baseUrl, ctx.journey.patient.id, photo.id),
      size: photo.byteLength,
      title,
      creation: photo.takenDate,
    },
  };
}
