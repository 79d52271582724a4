import sharp, { type Metadata } from 'sharp';

/**
 * A photo turned upright in its pixels, when its EXIF orientation says it is stored turned.
 *
 * A tablet or phone held upright usually stores the sensor's landscape pixels and a tag
 * (orientation 6: "turn 90° clockwise to show"). Removing the metadata (stripMetadata.ts) drops
 * that tag, so the portrait would show sideways — and the pupil marks, the before/after
 * alignment and the thumbnails, which all work in the stored pixels, would work on a sideways
 * face. So before the metadata goes, the pixels are turned as the tag says (sharp/libvips), and
 * the picture is stored upright with no tag to read. This is the one case where the stored image
 * is re-encoded rather than kept byte for byte: a JPEG at quality 95 without chroma subsampling
 * (one generation, hard to see), a PNG losslessly. A photo already upright (orientation 1 or
 * none) is not touched.
 *
 * Anything sharp cannot read is passed on unchanged: stripMetadata then refuses it with its own
 * words (422 `body`).
 */
export async function uprightImage(bytes: Buffer): Promise<Buffer> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch {
    return bytes;
  }
  if (metadata.orientation === undefined || metadata.orientation === 1) return bytes;
  const turned = sharp(bytes).rotate(); // no angle: as the EXIF orientation says
  return metadata.format === 'png'
    ? turned.png().toBuffer()
    : turned.jpeg({ quality: 95, chromaSubsampling: '4:4:4' }).toBuffer();
}
