import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedImageSize } from '../src/photos/imageSize.js';
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
import { cleanJpeg, cleanPng, drawnPng } from './photoFixtures.js';

/** A 40 × 30 px picture: wider than high, so a swapped width and height would show. */
const WIDE_PNG = drawnPng(40, 30, (x, y) => [x * 6, y * 8, 120]);

describe('storedImageSize', () => {
  it("reads a PNG's and a JPEG's pixel size from the header", () => {
    expect(storedImageSize(WIDE_PNG)).toEqual({ widthPx: 40, heightPx: 30 });
    expect(storedImageSize(cleanPng())).toEqual({ widthPx: 4, heightPx: 4 });
    expect(storedImageSize(cleanJpeg())).toEqual({ widthPx: 8, heightPx: 8 });
    expect(storedImageSize(Buffer.from('not an image'))).toBeUndefined();
  });
});

/**
 * A photo's view and its pupil marks over HTTP, on both databases: the view is one of the
 * standard ones, the marks lie inside the image, are written once, and only the photos' own
 * readers and writers reach them.
 */
onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let otherPatient: string;
  let photography: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    otherPatient = await createPatient(world, world.tokens.clinicianA);
    photography = await photographyConsent(world, world.tokens.clinicianA, patient, '2025-01-10');
  }, 60_000);
  afterAll(() => world?.close());

  const upload = (query: Record<string, string>) =>
    world.app.inject({
      method: 'POST',
      url: `/api/patients/${patient}/photos?${new URLSearchParams({
        consentId: photography,
        takenDate: '2025-03-03',
        ...query,
      })}`,
      headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/png' },
      payload: WIDE_PNG,
    });

  const mark = (photoId: string, payload: unknown, token = world.tokens.clinicianA, id = patient) =>
    world.app.inject({
      method: 'PUT',
      url: `/api/patients/${id}/photos/${photoId}/pupils`,
      headers: bearer(token),
      payload: payload as object,
    });

  const marks = (token = world.tokens.clinicianA) =>
    world.app.inject({
      method: 'GET',
      url: `/api/patients/${patient}/pupil-marks`,
      headers: bearer(token),
    });

  describe('photo views and pupil marks', () => {
    it('stores each standard view with the photo and refuses any other, naming `view`', async () => {
      for (const view of PHOTO_VIEWS) {
        const created = await upload({ view });
        expect(created.statusCode, created.body).toBe(201);
        expect(created.json().view).toBe(view);
      }
      const list = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${patient}/photos`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(list.json().items.map((p: { view: string }) => p.view)).toEqual([...PHOTO_VIEWS]);
      const withoutView = await upload({});
      expect(withoutView.json().view).toBeNull();

      const before = (await list.json()).items.length + 1;
      const refused = expectProblem(await upload({ view: 'back' }), 422);
      expect(refused.errors?.map((e) => e.field)).toEqual(['view']);
      const after = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${patient}/photos`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(after.json().items).toHaveLength(before);
    });

    it('marks both pupils once, in image pixels, and lists them', async () => {
      const photo = (await upload({ view: 'front' })).json();
      expect(
        (await marks()).json().items.some((m: { photoId: string }) => m.photoId === photo.id),
      ).toBe(false);
      const body = { left: { x: 28.5, y: 12 }, right: { x: 12.25, y: 12.5 } };
      const created = await mark(photo.id, body);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ photoId: photo.id, patientId: patient, ...body });
      const listed = (await marks())
        .json()
        .items.find((m: { photoId: string }) => m.photoId === photo.id);
      expect(listed).toMatchObject(body);

      // Written once: a second marking, even the same one, is refused and changes nothing.
      const again = expectProblem(
        await mark(photo.id, { left: { x: 30, y: 12 }, right: { x: 10, y: 12 } }),
        409,
      );
      expect(again.detail).toMatch(/marked already/);
      const still = (await marks())
        .json()
        .items.filter((m: { photoId: string }) => m.photoId === photo.id);
      expect(still).toHaveLength(1);
      expect(still[0]).toMatchObject(body);
    });

    it('refuses marks outside the image, on one point or malformed, naming the field', async () => {
      const photo = (await upload({ view: 'front' })).json();
      // Width 40, height 30: x 40 is the right edge (allowed), 40.5 is past it.
      const outside = expectProblem(
        await mark(photo.id, { left: { x: 40.5, y: 10 }, right: { x: 10, y: 31 } }),
        422,
      );
      expect(outside.errors).toEqual([
        { field: 'left.x', message: "must be at most the image's width, 40 px" },
        { field: 'right.y', message: "must be at most the image's height, 30 px" },
      ]);
      const same = expectProblem(
        await mark(photo.id, { left: { x: 10, y: 10 }, right: { x: 10, y: 10 } }),
        422,
      );
      expect(same.errors?.map((e) => e.field)).toEqual(['right']);
      const negative = expectProblem(
        await mark(photo.id, { left: { x: -1, y: 10 }, right: { x: 10, y: 10 } }),
        422,
      );
      expect(negative.errors?.map((e) => e.field)).toEqual(['left.x']);
      const missing = expectProblem(await mark(photo.id, { left: { x: 1, y: 10 } }), 422);
      expect(missing.errors?.map((e) => e.field)).toEqual(['right']);
      expect(
        (await marks()).json().items.some((m: { photoId: string }) => m.photoId === photo.id),
      ).toBe(false);
      // Nothing was stored by the refusals: the first valid marking is accepted.
      expect(
        (await mark(photo.id, { left: { x: 40, y: 30 }, right: { x: 0, y: 0 } })).statusCode,
      ).toBe(201);
    });

    it('is 404 for another patient’s photo or another clinic, 403 for a researcher', async () => {
      const photo = (await upload({ view: 'front' })).json();
      const body = { left: { x: 30, y: 12 }, right: { x: 10, y: 12 } };
      expectProblem(await mark(photo.id, body, world.tokens.clinicianA, otherPatient), 404);
      expectProblem(await mark(photo.id, body, world.tokens.clinicianB), 404);
      expectProblem(await mark(photo.id, body, world.tokens.researcherA), 403);
      expectProblem(await marks(world.tokens.researcherA), 403);
      expectProblem(await marks(world.tokens.clinicianB), 404);
      expect((await mark(photo.id, body, world.tokens.adminA)).statusCode).toBe(201);
    });
  });
});
