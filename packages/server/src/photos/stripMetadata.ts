/**
 * Remove every piece of metadata from a JPEG or PNG before it is stored: camera EXIF (with GPS
 * position, serial numbers, dates), XMP, IPTC, comments and text chunks can identify a patient
 * or where the photo was taken. Written by hand (the formats are simple at this level) and
 * strict: whatever is not known to be image data or colour information is dropped, and a file
 * that is not a well-formed JPEG or PNG is refused.
 *
 * The kept parts are copied byte for byte: the compressed image data (JPEG scans, PNG IDAT) is
 * never decoded or re-encoded, so the picture is exactly the one uploaded.
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

/** APPn segments kept, by their identifier: JFIF (pixel density), ICC colour profile, Adobe
 * (colour transform, needed to decode CMYK/YCCK correctly). Every other APPn goes, notably
 * APP1 (Exif, XMP), APP13 (IPTC / Photoshop), and maker segments such as APP3 or APP12. */
const JPEG_APP_KEPT: Record<number, string> = {
  224: 'JFIF\0',
  226: 'ICC_PROFILE\0',
  238: 'Adobe',
};

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

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
      parts.push(bytes.subarray(pos, pos + 2));
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
    const isApp = marker >= 0xe0 && marker <= 0xef;
    let keep = true;
    if (marker === 0xfe) {
      keep = false;
      removed.push('COM');
    } else if (isApp) {
      const id = JPEG_APP_KEPT[marker];
      const payload = bytes.subarray(pos + 4, end);
      keep = id !== undefined && payload.subarray(0, id.length).toString('latin1') === id;
      if (!keep) removed.push(`APP${marker - 0xe0} (${appName(payload)})`);
    }
    if (keep) parts.push(bytes.subarray(pos, end));
    pos = end;
  }
  return { bytes: Buffer.concat(parts), removed };
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
