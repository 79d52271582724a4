import { ICC_MAX_BYTES, plainColourProfile } from './iccProfile.js';
import { ImageError } from './imageError.js';
import {
  checkRestartInterval,
  type Frame,
  parseDac,
  parseDht,
  parseDqt,
  parseFrame,
  parseScan,
  type TableDefinition,
  TableUse,
} from './jpegTables.js';

/**
 * JPEG (ITU T.81 / JFIF): SOI, then segments `FF xx <length u16> <payload>`; after each SOS the
 * entropy-coded data runs to the next marker (FF 00 is a stuffed byte, FF D0–D7 a restart).
 *
 * The segments kept are an allow-list; every other marker segment is dropped, whatever it is
 * (APPn other than the three below, COM, JPG/JPGn, DNL, DHP, EXP, reserved markers), because
 * any of them can carry bytes a decoder skips. Hierarchical (DHP, EXP) and DNL-height files
 * therefore do not survive decodable; both are rare. What is kept is rebuilt from its defined
 * fields (jpegTables.ts): frame and scan headers, restart interval, and the tables a scan reads.
 * The entropy-coded data is copied byte for byte, never decoded.
 *
 * APPn kept, cut to their defined structure: JFIF (pixel density), ICC colour profile (only a
 * plain one, rebuilt: iccProfile.ts), Adobe (colour transform, needed to decode CMYK/YCCK
 * correctly). Every other APPn goes, notably APP1 (Exif, XMP), APP2 MPF (second images such as
 * HDR gain maps), APP13 (IPTC / Photoshop) and maker segments such as APP3 or APP12.
 */

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

const JFIF_ID = 'JFIF\0';
const ICC_ID = 'ICC_PROFILE\0';
const ADOBE_ID = 'Adobe';
/** JFIF APP0 header: identifier (5), version (2), units (1), X and Y density (2 + 2), thumbnail
 * width and height (1 + 1); then 3 × width × height bytes of RGB thumbnail, dropped. */
const JFIF_HEADER = 14;
/** Adobe APP14: identifier (5), version (2), flags0 (2), flags1 (2), transform (1). */
const ADOBE_HEADER = 12;
/** An APP2 ICC chunk: identifier (12), sequence number (1), chunk count (1), then data. */
const ICC_CHUNK_HEADER = ICC_ID.length + 2;
const ICC_CHUNK_DATA = 0xffff - 2 - ICC_CHUNK_HEADER;

/** A part of the output: bytes as they are, or decided once the whole file has been read
 * (tables, by whether a scan reads them; the ICC profile, once all its chunks are in). */
type Part = Buffer | (() => Buffer | undefined);

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

export function stripJpeg(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  const parts: Part[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  const tables = new TableUse();
  const icc: { sequence: number; count: number; data: Buffer }[] = [];
  let frame: Frame | undefined;
  let scanned = false;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.length) throw new ImageError('damaged JPEG: it ends before its end marker');
    if (bytes[pos] !== 0xff) throw new ImageError(`damaged JPEG: no marker at byte ${pos}`);
    while (pos + 1 < bytes.length && bytes[pos + 1] === 0xff) pos++; // fill bytes
    if (pos + 1 >= bytes.length) throw new ImageError('damaged JPEG: it ends inside a marker');
    const marker = bytes[pos + 1];
    if (marker === 0xd9) {
      if (!frame || !scanned) throw new ImageError('damaged JPEG: no image data');
      tables.end(frame);
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
    const payload = bytes.subarray(pos + 4, end);

    if (isSof(marker)) {
      if (frame) throw new ImageError('damaged JPEG: a second frame header');
      frame = parseFrame(marker, payload);
      parts.push(bytes.subarray(pos, end));
    } else if (marker === 0xda) {
      if (!frame) throw new ImageError('damaged JPEG: image data before the frame header');
      tables.scan(frame, parseScan(payload, frame));
      const dataEnd = entropyCodedEnd(bytes, end);
      parts.push(bytes.subarray(pos, dataEnd));
      scanned = true;
      pos = dataEnd;
      continue;
    } else if (marker === 0xdb || marker === 0xc4 || marker === 0xcc) {
      const defined =
        marker === 0xdb
          ? parseDqt(payload)
          : marker === 0xc4
            ? parseDht(payload)
            : parseDac(payload);
      tables.define(defined);
      parts.push(() => usedTables(marker, defined, removed));
    } else if (marker === 0xdd) {
      checkRestartInterval(payload);
      parts.push(bytes.subarray(pos, end));
    } else if (marker === 0xe2 && startsWith(payload, ICC_ID)) {
      if (payload.length < ICC_CHUNK_HEADER) {
        removed.push('APP2 (ICC_PROFILE): a chunk without its header');
      } else {
        const chunk = { sequence: payload[12], count: payload[13], data: payload.subarray(14) };
        icc.push(chunk);
        if (icc.length === 1) parts.push(() => iccSegments(icc, removed));
      }
    } else {
      const kept = keptApp(marker, payload, removed);
      if (kept) parts.push(kept);
    }
    pos = end;
  }
  const out = parts.map((part) => (typeof part === 'function' ? part() : part));
  return { bytes: Buffer.concat(out.filter((part) => part !== undefined)), removed };
}

/** Where the entropy-coded data that starts at `from` ends: at the first marker that is not a
 * stuffed byte (FF 00) or a restart (FF D0–D7). */
function entropyCodedEnd(bytes: Buffer, from: number): number {
  let i = from;
  for (;;) {
    if (i + 1 >= bytes.length) throw new ImageError('damaged JPEG: it ends inside the image data');
    if (bytes[i] === 0xff) {
      const next = bytes[i + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
}

/** The table segment with only the tables a scan reads, or undefined when none is. */
function usedTables(
  marker: number,
  defined: readonly TableDefinition[],
  removed: string[],
): Buffer | undefined {
  const used = defined.filter((table) => table.used);
  for (const table of defined)
    if (!table.used) removed.push(`${markerName(marker)}: unused ${table.kind} table ${table.id}`);
  return used.length ? segment(marker, Buffer.concat(used.map((table) => table.bytes))) : undefined;
}

/** The ICC profile's APP2 segments, rebuilt (iccProfile.ts), or undefined when the chunks do
 * not make up one whole profile or it is not a plain colour profile. */
function iccSegments(
  chunks: readonly { sequence: number; count: number; data: Buffer }[],
  removed: string[],
): Buffer | undefined {
  const count = chunks.length;
  const ordered = [...chunks].sort((a, b) => a.sequence - b.sequence);
  const whole = ordered.every((chunk, i) => chunk.count === count && chunk.sequence === i + 1);
  const total = ordered.reduce((sum, chunk) => sum + chunk.data.length, 0);
  const profile =
    whole && total <= ICC_MAX_BYTES
      ? plainColourProfile(Buffer.concat(ordered.map((chunk) => chunk.data)))
      : undefined;
  if (!profile) {
    removed.push(
      `APP2 (ICC_PROFILE): ${whole ? 'not a plain colour profile' : 'chunks missing or repeated'}`,
    );
    return undefined;
  }
  const pieces = Math.ceil(profile.length / ICC_CHUNK_DATA);
  const segments: Buffer[] = [];
  for (let i = 0; i < pieces; i++) {
    const data = profile.subarray(i * ICC_CHUNK_DATA, (i + 1) * ICC_CHUNK_DATA);
    const header = Buffer.concat([Buffer.from(ICC_ID, 'latin1'), Buffer.from([i + 1, pieces])]);
    segments.push(segment(0xe2, Buffer.concat([header, data])));
  }
  return Buffer.concat(segments);
}

const startsWith = (payload: Buffer, id: string) =>
  payload.subarray(0, id.length).toString('latin1') === id;

/** A JFIF or Adobe APPn as it is stored, or undefined (and what went in `removed`). */
function keptApp(marker: number, payload: Buffer, removed: string[]): Buffer | undefined {
  if (marker === 0xe0 && startsWith(payload, JFIF_ID) && payload.length >= JFIF_HEADER) {
    // Exactly the header, with no thumbnail (width and height 0): a thumbnail is a second,
    // unchecked copy of the picture, and bytes after the header could hold anything.
    if (payload.length > JFIF_HEADER)
      removed.push(`APP0 (JFIF): ${payload.length - JFIF_HEADER} bytes after its header`);
    return segment(
      0xe0,
      Buffer.concat([payload.subarray(0, JFIF_HEADER - 2), Buffer.from([0, 0])]),
    );
  }
  if (marker === 0xee && startsWith(payload, ADOBE_ID) && payload.length >= ADOBE_HEADER) {
    if (payload.length > ADOBE_HEADER)
      removed.push(`APP14 (Adobe): ${payload.length - ADOBE_HEADER} bytes after its header`);
    return segment(0xee, payload.subarray(0, ADOBE_HEADER));
  }
  if (marker >= 0xe0 && marker <= 0xef) removed.push(`APP${marker - 0xe0} (${appName(payload)})`);
  else removed.push(markerName(marker));
  return undefined;
}

/** A marker's name for `removed`: COM, DNL, JPG7, RES 0x02 and so on. */
function markerName(marker: number): string {
  const named: Record<number, string> = {
    1: 'TEM',
    196: 'DHT',
    200: 'JPG',
    204: 'DAC',
    219: 'DQT',
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
