import { describe, expect, it } from 'vitest';
import type { Photo } from '../src/api/types.js';
import { baselineOf, comparablePhotosOfView, photosOfView } from '../src/photos/views.js';

/** A stored photo as the API lists it (oldest first); only what the choice reads varies. */
const photo = (
  id: string,
  takenDate: string,
  view: Photo['view'],
  recordStatus: Photo['recordStatus'] = 'current',
): Photo => ({
  id,
  patientId: '00000000-0000-4000-8000-000000000001',
  consentId: '00000000-0000-4000-8000-000000000002',
  takenDate,
  zoneId: null,
  view,
  contentType: 'image/jpeg',
  byteLength: 1000,
  sha256: '0'.repeat(64),
  createdAt: `${takenDate}T09:00:00.000Z`,
  version: recordStatus === 'current' ? 1 : 2,
  recordStatus,
});

describe('which photos of a view are compared', () => {
  const wrong = photo('a', '2026-01-05', 'front', 'entered-in-error');
  const baseline = photo('b', '2026-01-06', 'front');
  const lateral = photo('c', '2026-01-04', 'left-lateral');
  const followUp = photo('d', '2026-04-06', 'front');
  const photos = [lateral, wrong, baseline, followUp];

  it('never takes a photo struck out as entered in error as the baseline (nor the ghost)', () => {
    expect(baselineOf(photos, 'front')).toBe(baseline);
    expect(baselineOf([wrong], 'front')).toBeUndefined();
    expect(baselineOf(photos, 'left-lateral')).toBe(lateral);
  });

  it('leaves it out of before/after, but still lists it with the view', () => {
    expect(comparablePhotosOfView(photos, 'front')).toEqual([baseline, followUp]);
    expect(photosOfView(photos, 'front')).toEqual([wrong, baseline, followUp]);
  });
});
