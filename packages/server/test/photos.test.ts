import { createHash } from 'node:crypto';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainColourProfile } from '../src/photos/iccProfile.js';
import { PHOTO_MAX_BYTES } from '../src/records/photo.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';
import {
  cleanJpeg,
  cleanPng,
  iccpChunk,
  iccSegments,
  jpegImageParts,
  jpegSegment,
  jpegWith,
  pngWith,
  SECRET,
  taggedDisplayP3,
  taggedJpeg,
  taggedPng,
} from './photoFixtures.js';

/**
 * Photos over HTTP, on both databases: the raw image is the body, its metadata is gone before
 * it is stored, the bytes come back exactly, and a photo needs an active photography consent.
 */
onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let otherPatient: string;
  let patientB: string;
  let photography: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    otherPatient = await createPatient(world, world.tokens.clinicianA);
    patientB = await createPatient(world, world.tokens.clinicianB);
    photography = await consent(patient, 'photography');
  }, 60_000);
  afterAll(() => world?.close());

  async function consent(patientId: string, scope: string, token = world.tokens.clinicianA) {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/consents`,
      headers: bearer(token),
      payload: { scope, date: '2025-01-10' },
    });
    if (response.statusCode !== 201) throw new Error(response.body);
    return response.json().id as string;
  }

  const upload = (
    bytes: Buffer | string,
    contentType: string,
    query: Record<string, string> = {},
    { patientId = patient, token = world.tokens.clinicianA } = {},
  ) => {
    const search = new URLSearchParams({
      consentId: photography,
      takenDate: '2025-03-03',
      ...query,
    });
    return world.app.inject({
      method: 'POST',
      url: `/api/patients/${patientId}/photos?${search}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: bytes,
    });
  };

  const photoCount = async () =>
    Number(
      (
        await world.storage.db
          .selectFrom('photos')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function expectRefused(response: Awaited<ReturnType<typeof upload>>, field: string) {
    const problem = expectProblem(response, 422);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    return problem;
  }

  describe('photos', () => {
    it('stores a JPEG without its EXIF/GPS, XMP, IPTC or comment; the image bytes unchanged', async () => {
      const tagged = taggedJpeg();
      expect(await exifr.gps(tagged)).toBeDefined();
      const created = await upload(tagged, 'image/jpeg', { zoneId: 'submental' });
      expect(created.statusCode, created.body).toBe(201);
      const clean = cleanJpeg();
      const photo = created.json();
      expect(photo).toMatchObject({
        patientId: patient,
        consentId: photography,
        takenDate: '2025-03-03',
        zoneId: 'submental',
        contentType: 'image/jpeg',
        byteLength: clean.length,
        sha256: createHash('sha256').update(clean).digest('hex'),
      });
      expect(created.headers.location).toBe(`/api/patients/${patient}/photos/${photo.id}`);

      const read = await world.app.inject({
        method: 'GET',
        url: created.headers.location as string,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('image/jpeg');
      expect(read.headers['cache-control']).toBe('private, no-store');
      expect(read.rawPayload.equals(clean)).toBe(true);
      expect(await exifr.gps(read.rawPayload)).toBeUndefined();
      expect(await exifr.parse(read.rawPayload, { xmp: true, iptc: true })).toBeUndefined();
      expect(read.rawPayload.includes(Buffer.from(SECRET))).toBe(false);

      // What the database holds is the stripped file too.
      const stored = await world.storage.db
        .selectFrom('photos')
        .select('bytes')
        .where('id', '=', photo.id)
        .executeTakeFirstOrThrow();
      expect(Buffer.from(stored.bytes).equals(clean)).toBe(true);

      const audit = await world.storage.db
        .selectFrom('audit_log')
        .select(['action', 'resource_id', 'outcome'])
        .where('resource_id', '=', photo.id)
        .orderBy('id')
        .execute();
      expect(audit).toEqual([
        { action: 'photo.create', resource_id: photo.id, outcome: 'ok' },
        { action: 'photo.read', resource_id: photo.id, outcome: 'ok' },
      ]);
    });

    it('stores a PNG without its eXIf and text chunks (admin may upload too), and lists photos', async () => {
      const created = await upload(taggedPng(), 'image/png', {}, { token: world.tokens.adminA });
      expect(created.statusCode, created.body).toBe(201);
      const read = await world.app.inject({
        method: 'GET',
        url: created.headers.location as string,
        headers: bearer(world.tokens.adminA),
      });
      expect(read.headers['content-type']).toBe('image/png');
      expect(read.rawPayload.equals(cleanPng())).toBe(true);
      expect(await exifr.gps(read.rawPayload)).toBeUndefined();
      const list = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${patient}/photos`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(list.statusCode).toBe(200);
      const items = list.json().items;
      expect(items.map((p: { contentType: string }) => p.contentType).sort()).toEqual([
        'image/jpeg',
        'image/png',
      ]);
      expect(JSON.stringify(items)).not.toContain('bytes');
    });

    it('422 consentId unless an active photography consent of this patient', async () => {
      const before = await photoCount();
      const treatment = await consent(patient, 'treatment');
      const ofOther = await consent(otherPatient, 'photography');
      // One active consent per scope: withdraw the patient's, and give a new one after the checks.
      const withdrawn = photography;
      const withdrawal = await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${patient}/consents/${withdrawn}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { status: 'withdrawn' },
      });
      expect(withdrawal.statusCode).toBe(200);
      for (const [consentId, message] of [
        [treatment, /to treatment, not to photography/],
        [ofOther, /no consent of this patient/],
        [withdrawn, /withdrawn/],
        ['00000000-0000-4000-8000-000000000000', /no consent of this patient/],
        ['consent-1', /id/],
      ] as const) {
        const problem = await expectRefused(
          await upload(taggedJpeg(), 'image/jpeg', { consentId }),
          'consentId',
        );
        expect(problem.errors?.[0].message).toMatch(message);
      }
      expect(await photoCount()).toBe(before);
      photography = await consent(patient, 'photography');
    });

    it('422 body for what is not a well-formed JPEG or PNG, or not what Content-Type says', async () => {
      const before = await photoCount();
      const jpeg = cleanJpeg();
      for (const [bytes, type] of [
        [Buffer.from('hello, not an image'), 'image/jpeg'],
        [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/png'],
        [jpeg.subarray(0, jpeg.length - 3), 'image/jpeg'],
        [cleanPng().subarray(0, 40), 'image/png'],
        [cleanPng(), 'image/jpeg'],
        [Buffer.alloc(0), 'image/jpeg'],
      ] as const)
        await expectRefused(await upload(bytes, type), 'body');
      expect(await photoCount()).toBe(before);
    });

    it('stores a colour profile without the text that names a device, and no hidden tables', async () => {
      const [jfif, dqt, ...rest] = jpegImageParts().head;
      const hiddenTable = Buffer.concat([
        Buffer.from([0x02]),
        Buffer.from(SECRET.repeat(3)).subarray(0, 64),
      ]);
      const tagged = Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        jfif,
        ...iccSegments(taggedDisplayP3(), 2),
        jpegSegment(0xdb, Buffer.concat([dqt.subarray(4), hiddenTable])),
        ...rest,
        jpegImageParts().scan,
        Buffer.from([0xff, 0xd9]),
      ]);
      const expected = jpegWith(...iccSegments(plainColourProfile(taggedDisplayP3()) as Buffer));
      const png = pngWith(iccpChunk(SECRET, taggedDisplayP3()));
      for (const [image, type] of [
        [tagged, 'image/jpeg'],
        [png, 'image/png'],
      ] as const) {
        expect(image.includes(Buffer.from(SECRET))).toBe(true);
        const created = await upload(image, type);
        expect(created.statusCode, created.body).toBe(201);
        const read = await world.app.inject({
          method: 'GET',
          url: created.headers.location as string,
          headers: bearer(world.tokens.clinicianA),
        });
        expect(read.rawPayload.includes(Buffer.from(SECRET))).toBe(false);
        const icc = await exifr.parse(read.rawPayload, {
          icc: true,
          tiff: false,
          multiSegment: true,
        });
        expect(icc.ProfileDescription).toBe('Colour profile');
        if (type === 'image/jpeg') expect(read.rawPayload.equals(expected)).toBe(true);
      }
    });

    it('422 body for a table with bytes after its fields (a decoder refuses it too)', async () => {
      const before = await photoCount();
      const [jfif, dqt, ...rest] = jpegImageParts().head;
      const image = Buffer.concat([
        Buffer.from([0xff, 0xd8]),
        jfif,
        jpegSegment(0xdb, Buffer.concat([dqt.subarray(4), Buffer.from(SECRET)])),
        ...rest,
        jpegImageParts().scan,
        Buffer.from([0xff, 0xd9]),
      ]);
      const problem = await expectRefused(await upload(image, 'image/jpeg'), 'body');
      expect(problem.errors?.[0].message).toMatch(/quantisation table/);
      expect(await photoCount()).toBe(before);
    });

    it('422 for query fields: a future date, an unknown zone, a missing consent', async () => {
      await expectRefused(
        await upload(cleanJpeg(), 'image/jpeg', { takenDate: '2999-01-01' }),
        'takenDate',
      );
      await expectRefused(await upload(cleanJpeg(), 'image/jpeg', { zoneId: 'nose' }), 'zoneId');
      const missing = await world.app.inject({
        method: 'POST',
        url: `/api/patients/${patient}/photos?takenDate=2025-01-01`,
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
        payload: cleanJpeg(),
      });
      await expectRefused(missing, 'consentId');
    });

    it('415 for a JSON or form body, 413 above the size limit', async () => {
      const json = await world.app.inject({
        method: 'POST',
        url: `/api/patients/${patient}/photos?consentId=${photography}&takenDate=2025-03-03`,
        headers: bearer(world.tokens.clinicianA),
        payload: { image: 'base64…' },
      });
      expectProblem(json, 415);
      const gif = await upload(Buffer.from('GIF89a'), 'image/gif');
      expectProblem(gif, 415);
      const big = Buffer.concat([cleanJpeg(), Buffer.alloc(PHOTO_MAX_BYTES)]);
      expectProblem(await upload(big, 'image/jpeg'), 413);
    });

    it('researchers 403; another clinic 404, for its patient and for its photo', async () => {
      expectProblem(
        await upload(cleanJpeg(), 'image/jpeg', {}, { token: world.tokens.researcherA }),
        403,
      );
      const consentB = await consent(patientB, 'photography', world.tokens.clinicianB);
      const photoB = await upload(
        cleanJpeg(),
        'image/jpeg',
        { consentId: consentB },
        { patientId: patientB, token: world.tokens.clinicianB },
      );
      expect(photoB.statusCode, photoB.body).toBe(201);
      expectProblem(
        await upload(cleanJpeg(), 'image/jpeg', { consentId: consentB }, { patientId: patientB }),
        404,
      );
      for (const url of [
        `/api/patients/${patientB}/photos/${photoB.json().id}`,
        `/api/patients/${patient}/photos/${photoB.json().id}`,
        `/api/patients/${patientB}/photos`,
      ])
        expectProblem(
          await world.app.inject({ method: 'GET', url, headers: bearer(world.tokens.clinicianA) }),
          404,
        );
      for (const url of [
        `/api/patients/${patient}/photos`,
        `/api/patients/${patient}/photos/${photoB.json().id}`,
      ])
        expectProblem(
          await world.app.inject({ method: 'GET', url, headers: bearer(world.tokens.researcherA) }),
          403,
        );
    });
  });
});
