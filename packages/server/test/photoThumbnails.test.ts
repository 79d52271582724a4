import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THUMBNAIL_PX } from '../src/photos/thumbnail.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  photographyConsent,
  type World,
} from './helpers.js';

/**
 * Thumbnails (routes/photos.ts, photos/thumbnail.ts) and upright storage (photos/upright.ts), on
 * both databases: a list gets a small JPEG, not the photo, cached by the browser alone and
 * revalidated only through the access check; a tablet's portrait photo, stored sideways with EXIF
 * orientation 6, is kept upright once its metadata is gone.
 */

/** A camera-sized photo with detail in it (a smooth picture would compress to almost nothing). */
async function cameraJpeg(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 7;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    pixels[i] = ((i % (width * 3)) / 12 + (seed & 63)) & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** An EXIF APP1 segment whose only tag is Orientation = `value` (little-endian TIFF). */
function orientationApp1(value: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x0112, 10); // Orientation
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(value, 18);
  tiff.writeUInt32LE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), length, payload]);
}

/**
 * What a tablet held upright stores: landscape sensor pixels (40 × 20, left half red, right half
 * blue) and orientation 6, "turn 90° clockwise to show" — shown, a portrait with red on top.
 */
async function sidewaysPortrait(): Promise<Buffer> {
  const left = { width: 20, height: 20, channels: 3 as const, background: '#ff0000' };
  const right = { ...left, background: '#0000ff' };
  const jpeg = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#000' } })
    .composite([
      { input: await sharp({ create: left }).png().toBuffer(), left: 0, top: 0 },
      { input: await sharp({ create: right }).png().toBuffer(), left: 20, top: 0 },
    ])
    .jpeg({ quality: 95 })
    .toBuffer();
  // After SOI: the orientation tag, as the camera writes it.
  return Buffer.concat([jpeg.subarray(0, 2), orientationApp1(6), jpeg.subarray(2)]);
}

describe('the fixture', () => {
  it('is read as orientation 6 by a real decoder', async () => {
    expect((await sharp(await sidewaysPortrait()).metadata()).orientation).toBe(6);
  });
});

onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let consent: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    consent = await photographyConsent(world, world.tokens.clinicianA, patient);
  }, 60_000);
  afterAll(() => world?.close());

  const upload = async (bytes: Buffer) => {
    const response = await world.app.inject({
      method: 'POST',
      url: `/api/patients/${patient}/photos?consentId=${consent}&takenDate=2025-01-06`,
      headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
      payload: bytes,
    });
    expect(response.statusCode, response.body).toBe(201);
    return `/api/patients/${patient}/photos/${response.json().id}`;
  };
  const get = (url: string, token = world.tokens.clinicianA, headers = {}) =>
    world.app.inject({ method: 'GET', url, headers: { ...bearer(token), ...headers } });

  it('a thumbnail is a small JPEG of the photo, cached privately, revalidated through the access check', async () => {
    const url = await upload(await cameraJpeg(1600, 1200));
    const full = await get(url);
    const thumb = await get(`${url}/thumbnail`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const size = await sharp(thumb.rawPayload).metadata();
    expect([size.width, size.height]).toEqual([THUMBNAIL_PX, (THUMBNAIL_PX * 3) / 4]);
    expect(size.exif).toBeUndefined();
    expect(thumb.rawPayload.length * 10).toBeLessThan(full.rawPayload.length);
    expect(thumb.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(thumb.headers.vary).toBe('Cookie, Authorization');
    const etag = String(thumb.headers.etag);
    expect(etag).toContain(String(full.headers.etag).replaceAll('"', ''));

    const again = await get(`${url}/thumbnail`, world.tokens.clinicianA, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    // Revalidation is a read like any other: another clinic is 404, a researcher 403.
    for (const [token, status] of [
      [world.tokens.clinicianB, 404],
      [world.tokens.researcherA, 403],
    ] as const) {
      expectProblem(await get(`${url}/thumbnail`, token, { 'if-none-match': etag }), status);
      expectProblem(await get(`${url}/thumbnail`, token), status);
    }
  });

  it('a small photo is not enlarged', async () => {
    const url = await upload(await cameraJpeg(200, 100));
    const size = await sharp((await get(`${url}/thumbnail`)).rawPayload).metadata();
    expect([size.width, size.height]).toEqual([200, 100]);
  });

  it('a photo stored sideways with EXIF orientation 6 is kept upright, with no tag left', async () => {
    const url = await upload(await sidewaysPortrait());
    const stored = (await get(url)).rawPayload;
    const { width, height, orientation, exif } = await sharp(stored).metadata();
    expect([width, height]).toEqual([20, 40]);
    expect(orientation).toBeUndefined();
    expect(exif).toBeUndefined();
    // Turned clockwise: the sensor's left (red) is now the top, its right (blue) the bottom.
    const { data } = await sharp(stored).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * 20 + x) * 3, (y * 20 + x) * 3 + 3),
    ];
    const [topRed, , topBlue] = pixel(10, 5);
    const [bottomRed, , bottomBlue] = pixel(10, 34);
    expect(topRed).toBeGreaterThan(200);
    expect(topBlue).toBeLessThan(60);
    expect(bottomBlue).toBeGreaterThan(200);
    expect(bottomRed).toBeLessThan(60);
    // Its thumbnail is upright too (the same pixels, smaller or not).
    const thumb = await sharp((await get(`${url}/thumbnail`)).rawPayload).metadata();
    expect([thumb.width, thumb.height]).toEqual([20, 40]);
  });
});
