import { detectImageType } from './stripMetadata.js';

export interface ImageSize {
  readonly widthPx: number;
  readonly heightPx: number;
}

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

/**
 * The pixel size of a STORED photo, read from its header (PNG IHDR, JPEG frame header) without
 * decoding it. The stored bytes were checked and rebuilt on upload (stripJpeg.ts, stripPng.ts),
 * so this only walks their segments; undefined when the size is not in the header (a JPEG whose
 * height comes later, in a DNL segment, which the upload does not keep decodable anyway).
 */
export function storedImageSize(bytes: Uint8Array): ImageSize | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = detectImageType(buffer);
  if (type === 'image/png' && buffer.length >= 24)
    // Signature (8), IHDR length and type (8), then width and height.
    return positive(buffer.readUInt32BE(16), buffer.readUInt32BE(20));
  if (type !== 'image/jpeg') return undefined;
  let pos = 2;
  while (pos + 4 <= buffer.length && buffer[pos] === 0xff) {
    const marker = buffer[pos + 1];
    // Frame header: length (2), precision (1), height (2), width (2).
    if (isSof(marker) && pos + 9 <= buffer.length)
      return positive(buffer.readUInt16BE(pos + 7), buffer.readUInt16BE(pos + 5));
    // The frame header always comes before the first scan; past it there is no size to find.
    if (marker === 0xda || marker === 0xd9) return undefined;
    pos += 2 + buffer.readUInt16BE(pos + 2);
  }
  return undefined;
}

const positive = (widthPx: number, heightPx: number): ImageSize | undefined =>
  widthPx > 0 && heightPx > 0 ? { widthPx, heightPx } : undefined;
