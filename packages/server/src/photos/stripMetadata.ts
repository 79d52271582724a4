import { ImageError } from './imageError.js';
import { stripJpeg } from './stripJpeg.js';
import { stripPng } from './stripPng.js';

/**
 * Remove every piece of metadata from a JPEG or PNG before it is stored: camera EXIF (with GPS
 * position, serial numbers, dates), XMP, IPTC, comments, text chunks and the free text of colour
 * profiles can identify a patient, a device or where the photo was taken. Written by hand (the
 * formats are simple at this level) and strict: only what a decoder needs is kept, each part
 * rebuilt from its defined fields so that nothing rides after them, and a file that is not a
 * well-formed JPEG or PNG is refused.
 *
 * The compressed image data (JPEG scans, PNG IDAT) is never decoded or re-encoded: it is copied
 * byte for byte, so the picture is exactly the one uploaded. Details: stripJpeg.ts, stripPng.ts,
 * iccProfile.ts.
 */

export { crc32 } from './crc32.js';
export { ImageError } from './imageError.js';

export type ImageContentType = 'image/jpeg' | 'image/png';

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
