import { deflateSync } from 'node:zlib';
import { crc32 } from '../src/photos/stripMetadata.js';

/**
 * Small images built byte by byte, with the metadata a phone or a photo editor writes: EXIF with
 * a GPS position and a camera make, XMP, IPTC, a comment; PNG text and eXIf chunks. Built here
 * rather than kept as binary files, so what each test image holds is readable.
 */

export const GPS = { latitude: 51.5, longitude: 0.25 };
export const SECRET = 'Jane Doe, clinic room 3';

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const segment = (marker: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);

/** A TIFF (little-endian) with IFD0 { Make, GPSInfo } and a GPS IFD (lat N, long E). */
export function exifTiff(): Buffer {
  const b = Buffer.alloc(146);
  b.write('II', 0, 'latin1');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  // IFD0 at 8: 2 entries.
  b.writeUInt16LE(2, 8);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(count, at + 4);
    b.writeUInt32LE(value, at + 8);
  };
  entry(10, 0x010f, 2, 6, 38); // Make, ASCII, at 38
  entry(22, 0x8825, 4, 1, 44); // GPSInfo IFD at 44
  b.writeUInt32LE(0, 34); // no IFD1
  b.write('Phone\0', 38, 'latin1');
  // GPS IFD at 44: 4 entries.
  b.writeUInt16LE(4, 44);
  entry(46, 0x0001, 2, 2, 0); // GPSLatitudeRef 'N' inline
  b.write('N\0', 54, 'latin1');
  entry(58, 0x0002, 5, 3, 98); // GPSLatitude, 3 rationals at 98
  entry(70, 0x0003, 2, 2, 0); // GPSLongitudeRef 'E' inline
  b.write('E\0', 78, 'latin1');
  entry(82, 0x0004, 5, 3, 122); // GPSLongitude at 122
  b.writeUInt32LE(0, 94);
  const rationals = (at: number, deg: number, min: number, sec: number) => {
    for (const [i, v] of [deg, min, sec].entries()) {
      b.writeUInt32LE(v, at + i * 8);
      b.writeUInt32LE(1, at + i * 8 + 4);
    }
  };
  rationals(98, 51, 30, 0);
  rationals(122, 0, 15, 0);
  return b;
}

const XMP = Buffer.from(
  `http://ns.adobe.com/xap/1.0/\0<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
    `<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="${SECRET}"/>` +
    `</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
  'latin1',
);

/** Photoshop APP13 with one IPTC record 2:120 (caption). */
function iptc(): Buffer {
  const caption = Buffer.from(SECRET, 'latin1');
  const record = Buffer.concat([Buffer.from([0x1c, 2, 120]), u16(caption.length), caption]);
  const padded = record.length % 2 ? Buffer.concat([record, Buffer.alloc(1)]) : record;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(record.length);
  return Buffer.concat([
    Buffer.from('Photoshop 3.0\0', 'latin1'),
    Buffer.from('8BIM', 'latin1'),
    u16(0x0404),
    Buffer.from([0, 0]), // empty Pascal name, padded
    size,
    padded,
  ]);
}

/** The parts of an 8×8 grey baseline JPEG that a decoder needs (and a JFIF header). */
export function jpegImageParts(): { head: Buffer[]; scan: Buffer } {
  const jfif = segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
  const counts = Buffer.alloc(16);
  counts[0] = 1;
  const dhtDc = segment(0xc4, Buffer.concat([Buffer.from([0x00]), counts, Buffer.from([0])]));
  const dhtAc = segment(0xc4, Buffer.concat([Buffer.from([0x10]), counts, Buffer.from([0])]));
  // One block: DC difference 0 (code 0), end of block (code 0), padded with ones.
  const scan = Buffer.concat([
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x3f]),
  ]);
  return { head: [jfif, dqt, sof, dhtDc, dhtAc], scan };
}

const EOI = Buffer.from([0xff, 0xd9]);
const SOI = Buffer.from([0xff, 0xd8]);

/** The clean JPEG: what stripping the tagged one must give, byte for byte. */
export function cleanJpeg(): Buffer {
  const { head, scan } = jpegImageParts();
  return Buffer.concat([SOI, ...head, scan, EOI]);
}

/** The same picture with Exif (GPS), XMP, IPTC and a comment, as a phone and an editor leave it. */
export function taggedJpeg(): Buffer {
  const { head, scan } = jpegImageParts();
  const [jfif, ...rest] = head;
  return Buffer.concat([
    SOI,
    jfif,
    segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifTiff()])),
    segment(0xe1, XMP),
    segment(0xed, iptc()),
    segment(0xfe, Buffer.from(SECRET, 'latin1')),
    ...rest,
    scan,
    EOI,
  ]);
}

const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 4×4 RGB PNG's chunks: IHDR, IDAT, IEND. */
export function pngImageChunks(): { ihdr: Buffer; idat: Buffer; iend: Buffer } {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: number[] = [];
  for (let y = 0; y < 4; y++) {
    rows.push(0);
    for (let x = 0; x < 4; x++) rows.push(200, 150 + x * 10, 130 + y * 10);
  }
  return {
    ihdr: chunk('IHDR', header),
    idat: chunk('IDAT', deflateSync(Buffer.from(rows))),
    iend: chunk('IEND', Buffer.alloc(0)),
  };
}

/**
 * An RGB PNG of any size, its pixels from `rgb(x, y)`: a picture big enough to mark pupils on
 * (tests of the pupil marks and the web app's photo screens).
 */
export function drawnPng(
  widthPx: number,
  heightPx: number,
  rgb: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(widthPx, 0);
  header.writeUInt32BE(heightPx, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.alloc(heightPx * (1 + 3 * widthPx));
  for (let y = 0; y < heightPx; y++)
    for (let x = 0; x < widthPx; x++) rows.set(rgb(x, y), y * (1 + 3 * widthPx) + 1 + 3 * x);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function cleanPng(): Buffer {
  const { ihdr, idat, iend } = pngImageChunks();
  return Buffer.concat([PNG_SIGNATURE, ihdr, idat, iend]);
}

/** The same picture with eXIf (GPS), tEXt, iTXt, zTXt and tIME chunks. */
export function taggedPng(): Buffer {
  const { ihdr, idat, iend } = pngImageChunks();
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr,
    chunk('eXIf', exifTiff()),
    chunk('tEXt', Buffer.from(`Author\0${SECRET}`, 'latin1')),
    chunk('iTXt', Buffer.from(`Description\0\0\0\0\0${SECRET}`, 'latin1')),
    chunk(
      'zTXt',
      Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(Buffer.from(SECRET))]),
    ),
    chunk('tIME', Buffer.from([0x07, 0xea, 11, 25, 21, 40, 0])),
    idat,
    iend,
  ]);
}

// ---------------------------------------------------------------------------------------------
// ICC colour profiles (ICC.1 v4): a phone's Display P3 profile with text that names a device and
// a person, as a phone or an editor may leave it.

const s15 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(Math.round(value * 65536));
  return b;
};
const tagType = (type: string, body: Buffer) =>
  Buffer.concat([Buffer.from(type, 'latin1'), Buffer.alloc(4), body]);
const xyzTag = (x: number, y: number, z: number) =>
  tagType('XYZ ', Buffer.concat([s15(x), s15(y), s15(z)]));
/** multiLocalizedUnicodeType with one en-US record. */
export const mlucTag = (text: string) => {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  const body = Buffer.alloc(20);
  body.writeUInt32BE(1, 0);
  body.writeUInt32BE(12, 4);
  body.write('enUS', 8, 'latin1');
  body.writeUInt32BE(utf16.length, 12);
  body.writeUInt32BE(28, 16);
  return tagType('mluc', Buffer.concat([body, utf16]));
};

/** The colour-defining tags of Display P3 (D50-adapted colorants, the sRGB tone curve). */
export function displayP3Tags(): [string, Buffer][] {
  const srgbCurve = tagType(
    'para',
    Buffer.concat([
      Buffer.from([0, 3, 0, 0]),
      ...[2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045].map(s15),
    ]),
  );
  return [
    ['wtpt', xyzTag(0.9642, 1, 0.8249)],
    [
      'chad',
      tagType(
        'sf32',
        Buffer.concat(
          [1.0479, 0.0229, -0.0502, 0.0296, 0.9904, -0.0171, -0.0092, 0.015, 0.7519].map(s15),
        ),
      ),
    ],
    ['rXYZ', xyzTag(0.5151, 0.2412, -0.0011)],
    ['gXYZ', xyzTag(0.292, 0.6922, 0.0419)],
    ['bXYZ', xyzTag(0.1571, 0.0666, 0.7841)],
    ['rTRC', srgbCurve],
    ['gTRC', srgbCurve],
    ['bTRC', srgbCurve],
  ];
}

/** An ICC profile from its header fields and tags; tags given the same Buffer share its data. */
export function iccProfile(
  tags: readonly [string, Buffer][],
  { deviceClass = 'mntr', space = 'RGB ', identify = true } = {},
): Buffer {
  const table = Buffer.alloc(4 + tags.length * 12);
  table.writeUInt32BE(tags.length);
  const blocks: Buffer[] = [];
  const offsets = new Map<Buffer, number>();
  let end = 128 + table.length;
  for (const [i, [name, data]] of tags.entries()) {
    let offset = offsets.get(data);
    if (offset === undefined) {
      offset = end;
      offsets.set(data, offset);
      const padded = Buffer.alloc(Math.ceil(data.length / 4) * 4);
      data.copy(padded);
      blocks.push(padded);
      end += padded.length;
    }
    table.write(name, 4 + i * 12, 'latin1');
    table.writeUInt32BE(offset, 8 + i * 12);
    table.writeUInt32BE(data.length, 12 + i * 12);
  }
  const header = Buffer.alloc(128);
  header.writeUInt32BE(end, 0);
  header[8] = 4;
  header.write(deviceClass, 12, 'latin1');
  header.write(space, 16, 'latin1');
  header.write('XYZ ', 20, 'latin1');
  header.write('acsp', 36, 'latin1');
  Buffer.concat([s15(0.9642), s15(1), s15(0.8249)]).copy(header, 68);
  if (identify) {
    header.write('appl', 4, 'latin1'); // CMM
    header.writeUInt16BE(2025, 24); // date: 2025-03-03 10:11:12
    header.set([0, 3, 0, 3, 0, 10, 0, 11, 0, 12], 26);
    header.write('APPL', 40, 'latin1'); // platform
    header.write('APPL', 48, 'latin1'); // device maker
    header.write('J123', 52, 'latin1'); // device model
    header.write('appl', 80, 'latin1'); // creator
    header.write('0123456789abcdef', 84, 'latin1'); // profile ID
  }
  return Buffer.concat([header, table, ...blocks]);
}

/** Display P3 with a description, copyright, device maker and model naming a phone and its
 * owner, a luminance tag and a private tag. */
export function taggedDisplayP3(): Buffer {
  return iccProfile([
    ['desc', mlucTag(`Display P3 of ${SECRET}'s phone`)],
    ['cprt', mlucTag(`Copyright ${SECRET}`)],
    ['dmnd', mlucTag('Phone maker')],
    ['dmdd', mlucTag(`Phone model, serial ${SECRET}`)],
    ...displayP3Tags(),
    ['lumi', xyzTag(0, 500, 0)],
    ['priv', tagType('text', Buffer.from(`${SECRET}\0`, 'latin1'))],
  ]);
}

/** APP2 ICC_PROFILE segments holding `profile` in `pieces` chunks. */
export function iccSegments(profile: Buffer, pieces = 1): Buffer[] {
  const size = Math.ceil(profile.length / pieces);
  return Array.from({ length: pieces }, (_, i) =>
    segment(
      0xe2,
      Buffer.concat([
        Buffer.from('ICC_PROFILE\0', 'latin1'),
        Buffer.from([i + 1, pieces]),
        profile.subarray(i * size, (i + 1) * size),
      ]),
    ),
  );
}

/** The clean JPEG with `extra` segments after its JFIF header. */
export function jpegWith(...extra: Buffer[]): Buffer {
  const { head, scan } = jpegImageParts();
  const [jfif, ...rest] = head;
  return Buffer.concat([SOI, jfif, ...extra, ...rest, scan, EOI]);
}

/** An iCCP chunk: name, NUL, compression method 0, the deflated profile. */
export function iccpChunk(name: string, profile: Buffer): Buffer {
  return chunk('iCCP', Buffer.concat([Buffer.from(`${name}\0\0`, 'latin1'), deflateSync(profile)]));
}

/** The clean PNG with `extra` chunks after IHDR. */
export function pngWith(...extra: Buffer[]): Buffer {
  const { ihdr, idat, iend } = pngImageChunks();
  return Buffer.concat([PNG_SIGNATURE, ihdr, ...extra, idat, iend]);
}

export { chunk as pngChunk, segment as jpegSegment };
