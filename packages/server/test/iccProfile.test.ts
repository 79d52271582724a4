import { inflateSync } from 'node:zlib';
import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { plainColourProfile } from '../src/photos/iccProfile.js';
import { stripMetadata } from '../src/photos/stripMetadata.js';
import {
  cleanJpeg,
  cleanPng,
  displayP3Tags,
  iccProfile,
  iccpChunk,
  iccSegments,
  jpegWith,
  pngChunk,
  pngWith,
  SECRET,
  taggedDisplayP3,
} from './photoFixtures.js';

/**
 * Colour profiles keep the colours and lose the text: a plain (matrix/TRC) profile is rebuilt
 * with its colour tags byte for byte and nothing that names a device or a person; any other
 * profile is dropped. In JPEG (APP2 chunks) and PNG (iCCP, whose name is free text too).
 */

/** The tag table of a profile: signature → its data. */
function tagsOf(profile: Buffer): Map<string, Buffer> {
  const tags = new Map<string, Buffer>();
  for (let i = 0; i < profile.readUInt32BE(128); i++) {
    const at = 132 + i * 12;
    const offset = profile.readUInt32BE(at + 4);
    tags.set(
      profile.toString('latin1', at, at + 4),
      profile.subarray(offset, offset + profile.readUInt32BE(at + 8)),
    );
  }
  return tags;
}

/** What a reader shows of a profile: exifr's ICC fields (description, maker, model…). */
const readIcc = (image: Buffer) =>
  exifr.parse(image, { icc: true, tiff: false, multiSegment: true, mergeOutput: true });

const identifying = ['Phone', 'appl', 'APPL', 'J123', '0123456789abcdef', SECRET];
const expectAnonymous = (bytes: Buffer) => {
  for (const text of identifying) expect(bytes.includes(Buffer.from(text)), text).toBe(false);
};

describe('plainColourProfile', () => {
  it('keeps the colour tags of Display P3 byte for byte, with a fixed description and copyright', async () => {
    const tagged = taggedDisplayP3();
    expect(tagged.includes(Buffer.from(SECRET))).toBe(true);
    const plain = plainColourProfile(tagged) as Buffer;
    expectAnonymous(plain);
    const tags = tagsOf(plain);
    expect([...tags.keys()]).toEqual([
      'desc',
      'cprt',
      'wtpt',
      'chad',
      'rXYZ',
      'gXYZ',
      'bXYZ',
      'rTRC',
      'gTRC',
      'bTRC',
    ]);
    for (const [name, data] of displayP3Tags())
      expect(tags.get(name)?.equals(data), name).toBe(true);
    // Header: version, class, spaces, intent and illuminant kept; who made it, when, on what: zero.
    expect(plain.readUInt32BE(0)).toBe(plain.length);
    expect(plain.subarray(8, 24).equals(tagged.subarray(8, 24))).toBe(true);
    expect(plain.subarray(64, 80).equals(tagged.subarray(64, 80))).toBe(true);
    for (const [from, to] of [
      [4, 8],
      [24, 36],
      [40, 64],
      [80, 128],
    ])
      expect(
        plain.subarray(from, to).every((byte) => byte === 0),
        `${from}–${to}`,
      ).toBe(true);
    // Rebuilding is its own fixed point, so stripping a stripped photo changes nothing.
    expect(plainColourProfile(plain)?.equals(plain)).toBe(true);
    const shown = await readIcc(jpegWith(...iccSegments(plain)));
    expect(shown.ProfileDescription).toBe('Colour profile');
    expect(shown.ProfileCopyright).toBe('No copyright, use freely');
    expect(shown.DeviceManufacturer).toBeUndefined();
    expect(shown.DeviceModel).toBeUndefined();
  });

  it('rebuilds a v2 grey profile with v2 text types', async () => {
    const gamma = Buffer.concat([
      Buffer.from('curv\0\0\0\0\0\0\0\x01', 'latin1'),
      Buffer.from([2, 0x33]),
    ]);
    const grey = iccProfile(
      [
        [
          'desc',
          Buffer.concat([
            Buffer.from(`desc\0\0\0\0`, 'latin1'),
            Buffer.from([0, 0, 0, 9]),
            Buffer.from(`${SECRET.slice(0, 8)}\0`),
            Buffer.alloc(79),
          ]),
        ],
        ['wtpt', displayP3Tags()[0][1]],
        ['kTRC', gamma],
      ],
      { space: 'GRAY' },
    );
    grey[8] = 2;
    const plain = plainColourProfile(grey) as Buffer;
    expect(plain[8]).toBe(2);
    expect(tagsOf(plain).get('kTRC')?.equals(gamma)).toBe(true);
    expect(plain.includes(Buffer.from(SECRET.slice(0, 8)))).toBe(false);
    const shown = await readIcc(jpegWith(...iccSegments(plain)));
    expect(shown.ProfileDescription).toBe('Colour profile');
    expect(shown.ColorSpaceData).toBe('GRAY');
  });

  it('refuses (undefined) whatever is not a plain colour profile', () => {
    const p3 = displayP3Tags();
    const without = (name: string) => p3.filter(([tag]) => tag !== name);
    const withTag = (name: string, data: Buffer) =>
      p3.map(([tag, d]) => [tag, tag === name ? data : d] as [string, Buffer]);
    const bad: [string, Buffer][] = [
      ['printer class', iccProfile(p3, { deviceClass: 'prtr' })],
      ['CMYK', iccProfile(p3, { space: 'CMYK' })],
      ['no red curve', iccProfile(without('rTRC'))],
      ['no white point', iccProfile(without('wtpt'))],
      [
        'a curve past its tag',
        iccProfile(withTag('gTRC', Buffer.from('curv\0\0\0\0\0\0\x01\0', 'latin1'))),
      ],
      [
        'an unknown curve function',
        iccProfile(withTag('bTRC', Buffer.from('para\0\0\0\0\0\x09\0\0\0\0\0\0', 'latin1'))),
      ],
      [
        'a colorant of the wrong type',
        iccProfile(withTag('rXYZ', Buffer.from(`text\0\0\0\0${SECRET}`))),
      ],
      ['not a profile', Buffer.from(`${SECRET}`.repeat(10))],
      ['cut short', taggedDisplayP3().subarray(0, 400)],
    ];
    for (const [what, profile] of bad) expect(plainColourProfile(profile), what).toBeUndefined();
    const pcsLab = iccProfile(p3);
    pcsLab.write('Lab ', 20, 'latin1');
    expect(plainColourProfile(pcsLab)).toBeUndefined();
  });
});

describe('stripMetadata: ICC profiles in JPEG (APP2 ICC_PROFILE chunks)', () => {
  it('rebuilds a profile split over several chunks, in any order, into anonymous chunks', async () => {
    const tagged = taggedDisplayP3();
    const [first, second, third] = iccSegments(tagged, 3);
    const image = jpegWith(third, first, second);
    expect((await readIcc(jpegWith(first, second, third))).ProfileDescription).toContain(SECRET);
    const result = stripMetadata(image);
    expect(result.removed).toEqual([]);
    expectAnonymous(result.bytes);
    const plain = plainColourProfile(tagged) as Buffer;
    expect(result.bytes.equals(jpegWith(...iccSegments(plain)))).toBe(true);
    expect((await readIcc(result.bytes)).ProfileDescription).toBe('Colour profile');
    expect(stripMetadata(result.bytes).bytes.equals(result.bytes)).toBe(true);
  });

  it('drops a profile that is not plain, or whose chunks are missing or repeated', () => {
    const cmyk = iccProfile(displayP3Tags(), { space: 'CMYK' });
    const [first, second] = iccSegments(taggedDisplayP3(), 2);
    for (const [what, segments, reason] of [
      ['CMYK', iccSegments(cmyk), 'not a plain colour profile'],
      ['missing', [first], 'chunks missing or repeated'],
      ['repeated', [first, first, second], 'chunks missing or repeated'],
    ] as const) {
      const result = stripMetadata(jpegWith(...segments));
      expect(result.removed, what).toEqual([`APP2 (ICC_PROFILE): ${reason}`]);
      expect(result.bytes.equals(cleanJpeg()), what).toBe(true);
    }
  });
});

describe('stripMetadata: PNG iCCP and the other kept chunks', () => {
  it('replaces the free-text profile name and rebuilds the profile', async () => {
    const image = pngWith(iccpChunk(SECRET, taggedDisplayP3()));
    expect(image.includes(Buffer.from(SECRET))).toBe(true);
    const result = stripMetadata(image);
    expect(result.removed).toEqual([]);
    expectAnonymous(result.bytes);
    const plain = plainColourProfile(taggedDisplayP3()) as Buffer;
    expect(result.bytes.equals(pngWith(iccpChunk('ICC profile', plain)))).toBe(true);
    const iccp = result.bytes.subarray(result.bytes.indexOf('iCCP') + 4);
    expect(inflateSync(iccp.subarray('ICC profile'.length + 2)).equals(plain)).toBe(true);
    expect((await readIcc(result.bytes)).ProfileDescription).toBe('Colour profile');
    expect(stripMetadata(result.bytes).bytes.equals(result.bytes)).toBe(true);
  });

  it('drops an iCCP chunk that is not a plain profile, not zlib, or inflates past 1 MiB', () => {
    const named = Buffer.from('p\0\0', 'latin1');
    for (const [what, chunk] of [
      ['CMYK', iccpChunk('p', iccProfile(displayP3Tags(), { space: 'CMYK' }))],
      ['not zlib', pngChunk('iCCP', Buffer.concat([named, Buffer.from(SECRET)]))],
      ['no name', iccpChunk('', taggedDisplayP3())],
      ['too large', iccpChunk('p', Buffer.alloc(2 << 20))],
    ] as const) {
      const result = stripMetadata(pngWith(chunk));
      expect(result.removed, what).toEqual(['iCCP (not a plain colour profile)']);
      expect(result.bytes.equals(cleanPng()), what).toBe(true);
    }
  });

  it('drops a kept chunk longer or shorter than its fields, a suggested palette, and IEND data', () => {
    const pHYs = pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]));
    const gAMA = pngChunk('gAMA', Buffer.from([0, 0, 0xb1, 0x8f]));
    const image = pngWith(
      pHYs,
      gAMA,
      pngChunk('gAMA', Buffer.concat([Buffer.from([0, 0, 0xb1, 0x8f]), Buffer.from(SECRET)])),
      pngChunk('sRGB', Buffer.alloc(0)),
      pngChunk('PLTE', Buffer.from(SECRET.slice(0, 21))),
      pngChunk('tRNS', Buffer.from(SECRET)),
    );
    const result = stripMetadata(image);
    expect(result.removed).toEqual([
      'gAMA (not its defined length)',
      'sRGB (not its defined length)',
      'PLTE (suggested palette)',
      'tRNS (not its defined length)',
    ]);
    expect(result.bytes.equals(pngWith(pHYs, gAMA))).toBe(true);
    const withEndData = Buffer.concat([
      cleanPng().subarray(0, -12),
      pngChunk('IEND', Buffer.from(SECRET)),
    ]);
    const ended = stripMetadata(withEndData);
    expect(ended.removed).toEqual([`IEND: ${SECRET.length} bytes`]);
    expect(ended.bytes.equals(cleanPng())).toBe(true);
  });
});
