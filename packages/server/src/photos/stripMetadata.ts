/**
 * Remove every piece of metadata from a JPEG or PNG before it is stored: camera EXIF (with GPS
 * position, serial numbers, dates), XMP, IPTC, comments and text chunks can identify a patient
 * or where the photo was taken. Written by hand (the formats are simple at this level) and
 * strict: whatever is not known to be image data or colour information is dropped, and a file
 * that is not a well-formed JPEG or PNG is refused.
 *
 * The kept parts are copied byte for byte (only the JPEG JFIF and Adobe headers are cut to their
 * defined length): the compressed image data (JPEG scans, PNG IDAT) is never decoded or
 * re-encoded, so the picture is exactly the one uploaded.
 */

export type ImageContentType = 'image/jpeg' | 'image/png';

/** The file is not a JPEG or PNG, or is damaged: the API answers 422 with this message. */
export class ImageError extends Error {}

export interface StrippedImage {
  readonly contentType: ImageContentType;
  readonly bytes: Buffer;
  /** What was removed, e.g. `APP1 (Exif)`, `COM`, `tEXt`: for tests and logs, never content. */
  readonly removed: readonly string[];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The type by the file's first bytes (the Content-Type header is not trusted for this). */
export function detectImageType(bytes: Uint8Array): ImageContentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE))
    return 'image/png';
  return undefined;
}

export function stripMetadata(input: Uint8Array): StrippedImage {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const type = detectImageType(bytes);
  if (type === 'image/jpeg') return { contentType: type, ...stripJpeg(bytes) };
  if (type === 'image/png') return { contentType: type, ...stripPng(bytes) };
  throw new ImageError('not a JPEG or PNG image');
}

// ---------------------------------------------------------------------------------------------
// JPEG (ITU T.81 / JFIF): SOI, then segments `FF xx <length u16> <payload>`; after each SOS the
// entropy-coded data runs to the next marker (FF 00 is a stuffed byte, FF D0–D7 a restart).

/** The segments kept, an allow-list: every other marker segment is dropped, whatever it is
 * (APPn other than the three below, COM, JPG/JPGn, DNL, DHP, EXP, reserved markers), because
 * any of them can carry bytes a decoder skips. Kept whole: the frame headers (SOF0–3, 5–7,
 * 9–11, 13–15), the Huffman (DHT), arithmetic-coding (DAC) and quantisation (DQT) tables and
 * the restart interval (DRI); SOS is handled apart, with the scan data after it. Hierarchical
 * (DHP, EXP) and DNL-height files therefore do not survive decodable; both are rare. */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
const isKeptWhole = (m: number) => isSof(m) || m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdd;

/** The APPn segments kept, cut to their defined structure so that nothing can ride after it:
 * JFIF (pixel density), ICC colour profile, Adobe (colour transform, needed to decode
 * CMYK/YCCK correctly). Every other APPn goes, notably APP1 (Exif, XMP), APP13 (IPTC /
 * Photoshop), and maker segments such as APP3 or APP12. */
const JFIF_ID = 'JFIF\0';
const ICC_ID = 'ICC_PROFILE\0';
const ADOBE_ID = 'Adobe';
/** JFIF APP0 header: identifier (5), version (2), units (1), X and Y density (2 + 2), thumbnail
 * width and height (1 + 1); then 3 × width × height bytes of RGB thumbnail, dropped. */
const JFIF_HEADER = 14;
/** Adobe APP14: identifier (5), version (2), flags0 (2), flags1 (2), transform (1). */
const ADOBE_HEADER = 12;

function stripJpeg(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let pos = 2;
  let frame = false;
  let scan = false;
  for (;;) {
    if (pos >= bytes.length) throw new ImageError('damaged JPEG: it ends before its end marker');
    if (bytes[pos] !== 0xff) throw new ImageError(`damaged JPEG: no marker at byte ${pos}`);
    while (pos + 1 < bytes.length && bytes[pos + 1] === 0xff) pos++; // fill bytes
    if (pos + 1 >= bytes.length) throw new ImageError('damaged JPEG: it ends inside a marker');
    const marker = bytes[pos + 1];
    if (marker === 0xd9) {
      if (!scan) throw new ImageError('damaged JPEG: no image data');
      parts.push(bytes.subarray(pos, pos + 2)); // EOI; anything appended after it is dropped
      const trailing = bytes.length - pos - 2;
      if (trailing > 0) removed.push(`${trailing} bytes after the end marker`);
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      // TEM, or a restart outside a scan (those inside are copied with the scan): no use.
      removed.push(markerName(marker));
      pos += 2;
      continue;
    }
    if (marker === 0x00 || marker === 0xd8)
      throw new ImageError(`damaged JPEG: unexpected marker at byte ${pos}`);
    if (pos + 4 > bytes.length) throw new ImageError('damaged JPEG: it ends inside a segment');
    const length = bytes.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > bytes.length)
      throw new ImageError(`damaged JPEG: a segment at byte ${pos} runs past the end`);
    if (isSof(marker)) {
      if (length < 8 || bytes.readUInt16BE(pos + 7) === 0)
        throw new ImageError('damaged JPEG: the frame header has no width');
      frame = true;
    }
    if (marker === 0xda) {
      if (!frame) throw new ImageError('damaged JPEG: image data before the frame header');
      let i = end;
      for (;;) {
        if (i + 1 >= bytes.length)
          throw new ImageError('damaged JPEG: it ends inside the image data');
        if (bytes[i] === 0xff) {
          const next = bytes[i + 1];
          if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      parts.push(bytes.subarray(pos, i));
      scan = true;
      pos = i;
      continue;
    }
    const kept = keptSegment(marker, bytes.subarray(pos, end), removed);
    if (kept) parts.push(kept);
    pos = end;
  }
  return { bytes: Buffer.concat(parts), removed };
}

/** The segment as it is stored, or undefined (and what went in `removed`) when it is dropped. */
function keptSegment(marker: number, segment: Buffer, removed: string[]): Buffer | undefined {
  if (isKeptWhole(marker)) return segment;
  const payload = segment.subarray(4);
  const startsWith = (id: string) => payload.subarray(0, id.length).toString('latin1') === id;
  if (marker === 0xe0 && startsWith(JFIF_ID) && payload.length >= JFIF_HEADER) {
    // Exactly the header, with no thumbnail (width and height 0): a thumbnail is a second,
    // unchecked copy of the picture, and bytes after the header could hold anything.
    if (payload.length > JFIF_HEADER)
      removed.push(`APP0 (JFIF): ${payload.length - JFIF_HEADER} bytes after its header`);
    return Buffer.concat([
      Buffer.from([0xff, 0xe0, 0, JFIF_HEADER + 2]),
      payload.subarray(0, JFIF_HEADER - 2),
      Buffer.from([0, 0]),
    ]);
  }
  if (marker === 0xe2 && startsWith(ICC_ID)) {
    // ICC_PROFILE\0, sequence number, chunk count, then a chunk of the profile: colour data,
    // kept as it is. A profile's description tags (desc, dmnd, dmdd) may still name the
    // camera or scanner model; the profile is not parsed here.
    return segment;
  }
  if (marker === 0xee && startsWith(ADOBE_ID) && payload.length >= ADOBE_HEADER) {
    if (payload.length > ADOBE_HEADER)
      removed.push(`APP14 (Adobe): ${payload.length - ADOBE_HEADER} bytes after its header`);
    return Buffer.concat([
      Buffer.from([0xff, 0xee, 0, ADOBE_HEADER + 2]),
      payload.subarray(0, ADOBE_HEADER),
    ]);
  }
  if (marker >= 0xe0 && marker <= 0xef) removed.push(`APP${marker - 0xe0} (${appName(payload)})`);
  else removed.push(markerName(marker));
  return undefined;
}

/** A dropped marker's name for `removed`: COM, DNL, JPG7, RES 0x02 and so on. */
function markerName(marker: number): string {
  const named: Record<number, string> = {
    1: 'TEM',
    200: 'JPG',
    220: 'DNL',
    222: 'DHP',
    223: 'EXP',
    254: 'COM',
  };
  if (named[marker]) return named[marker];
  if (marker >= 0xd0 && marker <= 0xd7) return `RST${marker - 0xd0}`;
  if (marker >= 0xf0 && marker <= 0xfd) return `JPG${marker - 0xf0}`;
  return `RES 0x${marker.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** The printable identifier a segment starts with ("Exif", "http://ns.adobe.com/xap/1.0/"). */
function appName(payload: Buffer): string {
  const nul = payload.indexOf(0);
  const id = payload.subarray(0, nul >= 0 ? Math.min(nul, 40) : Math.min(payload.length, 40));
  return /^[\x20-\x7e]+$/.test(id.toString('latin1')) ? id.toString('latin1') : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// PNG (ISO/IEC 15948): signature, then chunks `<length u32> <type 4> <data> <crc32 of type+data>`.

/** Chunks kept: the critical ones and those that say how to show the pixels. Everything else
 * goes: eXIf, tEXt, iTXt, zTXt, tIME, and any private or unknown ancillary chunk. */
const PNG_KEPT = new Set([
  'IHDR',
  'PLTE',
  'IDAT',
  'IEND',
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'pHYs',
  'bKGD',
  'hIST',
  'cICP',
  'mDCV',
  'cLLI',
  'acTL',
  'fcTL',
  'fdAT',
]);

function stripPng(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  let data = false;
  for (let index = 0; ; index++) {
    if (pos + 12 > bytes.length) throw new ImageError('damaged PNG: it ends before IEND');
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > bytes.length)
      throw new ImageError(`damaged PNG: chunk ${index} runs past the end`);
    if (!/^[A-Za-z]{4}$/.test(type))
      throw new ImageError(`damaged PNG: chunk ${index} has no type`);
    if (crc32(bytes.subarray(pos + 4, pos + 8 + length)) !== bytes.readUInt32BE(pos + 8 + length))
      throw new ImageError(`damaged PNG: chunk ${type} fails its checksum`);
    if (index === 0 && (type !== 'IHDR' || length !== 13))
      throw new ImageError('damaged PNG: it does not start with its header');
    if (
      type === 'IHDR' &&
      (bytes.readUInt32BE(pos + 8) === 0 || bytes.readUInt32BE(pos + 12) === 0)
    )
      throw new ImageError('damaged PNG: zero width or height');
    if (type === 'IDAT') data = true;
    if (PNG_KEPT.has(type)) {
      parts.push(bytes.subarray(pos, end));
    } else if (type.charCodeAt(0) < 0x61) {
      // Upper-case first letter: a critical chunk a decoder must understand, and we do not.
      throw new ImageError(`unsupported PNG: unknown critical chunk ${type}`);
    } else {
      removed.push(type);
    }
    pos = end;
    if (type === 'IEND') {
      if (!data) throw new ImageError('damaged PNG: no image data');
      if (pos < bytes.length) removed.push(`${bytes.length - pos} bytes after IEND`);
      break;
    }
  }
  return { bytes: Buffer.concat(parts), removed };
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309), as PNG uses it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
