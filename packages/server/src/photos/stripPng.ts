import { deflateSync, inflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';
import { ICC_MAX_BYTES, plainColourProfile } from './iccProfile.js';
import { ImageError } from './imageError.js';

/**
 * PNG (ISO/IEC 15948): signature, then chunks `<length u32> <type 4> <data> <crc32 of type+data>`.
 *
 * Chunks kept: the critical ones and those that say how to show the pixels, each only with the
 * length its fields define (libpng ignores one of another length, so bytes could ride in it):
 * one of another length is dropped. Everything else goes: eXIf, tEXt, iTXt, zTXt, tIME, and
 * any private or unknown ancillary chunk. iCCP keeps only a plain colour profile, rebuilt
 * (iccProfile.ts), under a fixed name: the profile name is free text. IDAT and fdAT (the
 * compressed pixels) are copied byte for byte, never decoded.
 */

const SIGNATURE_BYTES = 8;
/** The name every kept iCCP chunk gets (the original is free text, 1–79 bytes). */
export const ICC_CHUNK_NAME = 'ICC profile';

interface Header {
  readonly colourType: number;
  readonly bitDepth: number;
}

/** Samples per pixel by colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
const SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** The defined length of a fixed-size ancillary chunk, or of one whose length follows from
 * the colour type; undefined for the chunks handled apart. */
function definedLength(type: string, header: Header, paletteEntries: number): number | undefined {
  const colour = header.colourType;
  switch (type) {
    case 'gAMA':
    case 'cICP':
      return 4;
    case 'sRGB':
      return 1;
    case 'cHRM':
      return 32;
    case 'pHYs':
      return 9;
    case 'mDCV':
      return 24;
    case 'cLLI':
    case 'acTL':
      return 8;
    case 'fcTL':
      return 26;
    case 'sBIT':
      return colour === 3 ? 3 : SAMPLES[colour];
    case 'bKGD':
      return colour === 3 ? 1 : colour === 2 || colour === 6 ? 6 : 2;
    case 'hIST':
      return 2 * paletteEntries;
    default:
      return undefined;
  }
}

const KEPT_AS_DEFINED = new Set([
  'gAMA',
  'cICP',
  'sRGB',
  'cHRM',
  'pHYs',
  'mDCV',
  'cLLI',
  'acTL',
  'fcTL',
  'sBIT',
  'bKGD',
  'hIST',
]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function stripPng(bytes: Buffer): { bytes: Buffer; removed: string[] } {
  const parts: Buffer[] = [bytes.subarray(0, SIGNATURE_BYTES)];
  const removed: string[] = [];
  let header: Header = { colourType: 0, bitDepth: 0 };
  let paletteEntries = 0;
  let pos = SIGNATURE_BYTES;
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
    const body = bytes.subarray(pos + 8, pos + 8 + length);
    const whole = bytes.subarray(pos, end);
    pos = end;

    if (type === 'IHDR') {
      if (index !== 0) throw new ImageError('damaged PNG: a second header');
      if (body.readUInt32BE(0) === 0 || body.readUInt32BE(4) === 0)
        throw new ImageError('damaged PNG: zero width or height');
      header = { bitDepth: body[8], colourType: body[9] };
      if (SAMPLES[header.colourType] === undefined)
        throw new ImageError('damaged PNG: unknown colour type');
      parts.push(whole);
    } else if (type === 'IDAT' || type === 'fdAT') {
      if (type === 'IDAT') data = true;
      parts.push(whole);
    } else if (type === 'IEND') {
      if (!data) throw new ImageError('damaged PNG: no image data');
      parts.push(length === 0 ? whole : chunk('IEND', Buffer.alloc(0)));
      if (length > 0) removed.push(`IEND: ${length} bytes`);
      if (pos < bytes.length) removed.push(`${bytes.length - pos} bytes after IEND`);
      break;
    } else if (type === 'PLTE') {
      if (length === 0 || length % 3 !== 0 || length > 3 * 256)
        throw new ImageError('damaged PNG: the palette is not whole entries');
      if (header.colourType !== 3) {
        // A suggested palette for a truecolour image (or an invalid one in a grey image): a
        // hint for palette displays, which no decoder needs.
        removed.push('PLTE (suggested palette)');
        continue;
      }
      // Entries past 2^bitDepth can never be indexed: libpng ignores them.
      paletteEntries = Math.min(length / 3, 2 ** header.bitDepth);
      if (paletteEntries < length / 3) {
        removed.push(`PLTE: ${length / 3 - paletteEntries} entries past the bit depth`);
        parts.push(chunk('PLTE', body.subarray(0, 3 * paletteEntries)));
      } else parts.push(whole);
    } else if (type === 'tRNS') {
      // Grey: one 2-byte sample; RGB: three; palette: one alpha per entry at most; none for
      // the types that carry alpha already.
      const fits =
        header.colourType === 3
          ? length >= 1 && length <= paletteEntries
          : length === ({ 0: 2, 2: 6 } as Record<number, number>)[header.colourType];
      if (fits) parts.push(whole);
      else removed.push('tRNS (not its defined length)');
    } else if (type === 'iCCP') {
      const kept = iccChunk(body);
      if (kept) parts.push(kept);
      else removed.push('iCCP (not a plain colour profile)');
    } else if (KEPT_AS_DEFINED.has(type)) {
      if (length === definedLength(type, header, paletteEntries)) parts.push(whole);
      else removed.push(`${type} (not its defined length)`);
    } else if (type.charCodeAt(0) < 0x61) {
      // Upper-case first letter: a critical chunk a decoder must understand, and we do not.
      throw new ImageError(`unsupported PNG: unknown critical chunk ${type}`);
    } else {
      removed.push(type);
    }
  }
  return { bytes: Buffer.concat(parts), removed };
}

/** iCCP: name (1–79 bytes), NUL, compression method 0, zlib-compressed profile. The chunk
 * rebuilt with the fixed name and the rebuilt profile, or undefined when it is dropped. */
function iccChunk(body: Buffer): Buffer | undefined {
  const nul = body.indexOf(0);
  if (nul < 1 || nul > 79 || body[nul + 1] !== 0) return undefined;
  let profile: Buffer;
  try {
    profile = inflateSync(body.subarray(nul + 2), { maxOutputLength: ICC_MAX_BYTES });
  } catch {
    return undefined; // not zlib, or larger than any plain profile
  }
  const plain = plainColourProfile(profile);
  if (!plain) return undefined;
  const name = Buffer.from(`${ICC_CHUNK_NAME}\0\0`, 'latin1');
  return chunk('iCCP', Buffer.concat([name, deflateSync(plain)]));
}
