import { PHOTO_VIEW_CODES, PHOTO_VIEWS_SYSTEM } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_VIEWS } from '../src/records/photoView.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  photographyConsent,
  type World,
} from './helpers.js';
import { cleanJpeg } from './photoFixtures.js';

/**
 * A photo's standard view is one of its details: corrected like the day taken and the zone (the
 * app role's UPDATE grant on the column, migration 024), kept in the history, and exported as
 * FHIR Media.view in the photo-views CodeSystem that GET /api/fhir/definitions ships.
 */

describe('the photo views', () => {
  it('the FHIR CodeSystem defines exactly the views the API takes', () => {
    expect(Object.keys(PHOTO_VIEW_CODES).sort()).toEqual([...PHOTO_VIEWS].sort());
  });
});

onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let photoUrl: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    const consent = await photographyConsent(world, world.tokens.clinicianA, patient);
    const upload = await world.app.inject({
      method: 'POST',
      url: `/api/patients/${patient}/photos?consentId=${consent}&takenDate=2025-01-06&view=front`,
      headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
      payload: cleanJpeg(),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    photoUrl = `/api/patients/${patient}/photos/${upload.json().id}`;
  }, 60_000);
  afterAll(() => world?.close());

  const correct = (expectedVersion: number, view: unknown) =>
    world.app.inject({
      method: 'POST',
      url: `${photoUrl}/corrections`,
      headers: bearer(world.tokens.clinicianA),
      payload: { expectedVersion, reason: 'the view was mislabelled', changes: { view } },
    });

  it('is corrected as a new version; an unknown view is 422 `changes.view`; null clears it', async () => {
    const refused = expectProblem(await correct(1, 'sideways'), 422);
    expect(refused.errors?.map((e) => e.field)).toEqual(['changes.view']);
    const corrected = await correct(1, 'left-oblique');
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ version: 2, view: 'left-oblique' });

    const bundle = (
      await world.app.inject({
        method: 'GET',
        url: `/api/patients/${patient}/fhir`,
        headers: bearer(world.tokens.clinicianA),
      })
    ).json();
    const media = bundle.entry
      .map((e: { resource: { resourceType: string } }) => e.resource)
      .find((r: { resourceType: string }) => r.resourceType === 'Media');
    expect(media.view.coding).toEqual([
      { system: PHOTO_VIEWS_SYSTEM, code: 'left-oblique', display: 'Left oblique view' },
    ]);
    const definitions = (
      await world.app.inject({
        method: 'GET',
        url: '/api/fhir/definitions',
        headers: bearer(world.tokens.clinicianA),
      })
    ).json();
    const system = definitions.entry
      .map((e: { resource: { url?: string } }) => e.resource)
      .find((r: { url?: string }) => r.url === PHOTO_VIEWS_SYSTEM);
    expect(system.concept.map((c: { code: string }) => c.code)).toContain('left-oblique');

    const cleared = await correct(2, null);
    expect(cleared.json()).toMatchObject({ version: 3, view: null });
    const history = (
      await world.app.inject({
        method: 'GET',
        url: `${photoUrl}/history`,
        headers: bearer(world.tokens.clinicianA),
      })
    ).json().items;
    expect(history.map((v: { record: { view: string | null } }) => v.record.view)).toEqual([
      'front',
      'left-oblique',
      null,
    ]);
  });
});
