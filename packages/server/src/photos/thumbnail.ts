import sharp from 'sharp';

/**
 * The longest side of a photo's thumbnail, in pixels: the photo screens' lists show each at most
 * ~160 CSS pixels wide, so 320 is sharp on a 2× (tablet) screen.
 */
export const THUMBNAIL_PX = 320;

/**
 * A small JPEG of a stored photo for the lists, at most THUMBNAIL_PX on its longest side (never
 * enlarged). The stored photo is already upright (upright.ts) and holds no metadata, so neither
 * does the thumbnail. A JPEG whatever the photo's type: a PNG photo's thumbnail would be several
 * times larger as a PNG, and a list needs no lossless copy.
 */
export function thumbnailOf(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes)
    .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 80 })
    .toBuffer();
}
