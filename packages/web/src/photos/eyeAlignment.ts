/**
 * Aligning a before/after pair on the eyes. Before/after photos mislead when the two differ in
 * scale (the camera nearer or farther) or angle (the head tilted): wrinkles and laxity look
 * better or worse for reasons that have nothing to do with the treatment. Both photos have both
 * pupils marked; the "after" photo is mapped into the "before" photo's pixels by the one
 * similarity (uniform scale, rotation, translation; never a mirror, never a stretch) that puts
 * its pupils exactly on the "before" photo's pupils, so the two interpupillary lines coincide.
 *
 * Points are image pixels: x to the right, y down, from the top-left corner.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** The patient's left and right pupils on one photo. */
export interface Pupils {
  readonly left: Point;
  readonly right: Point;
}

/**
 * x' = a·x − b·y + tx,  y' = b·x + a·y + ty: the complex map z ↦ (a + ib)·z + t. Its scale is
 * |a + ib| and its rotation arg(a + ib). As a CSS/canvas matrix: (a, b, −b, a, tx, ty).
 */
export interface Similarity {
  readonly a: number;
  readonly b: number;
  readonly tx: number;
  readonly ty: number;
}

/** Pupils closer than this (image pixels) give no direction to align on. */
export const MIN_PUPIL_DISTANCE_PX = 1;

/**
 * Lines further apart than this are taken for swapped marks, not a pose: a swap turns the line
 * by about 180°, whereas a photo stored sideways (a phone's orientation tag is removed with the
 * rest of the metadata) turns it by about 90°, which aligning rightly turns back.
 */
export const MAX_ROTATION_DEG = 135;

export type Alignment =
  | {
      readonly ok: true;
      /** Maps the "after" photo's pixels onto the "before" photo's pixels. */
      readonly transform: Similarity;
      /** How much the "after" photo is enlarged (> 1) or reduced (< 1). */
      readonly scale: number;
      /** How far it is turned, degrees, counter-clockwise on screen positive (y is down). */
      readonly rotationDeg: number;
    }
  | { readonly ok: false; readonly reason: 'too-close' | 'mirrored'; readonly message: string };

/** The vector from the right pupil to the left one. */
const interpupillary = (p: Pupils): Point => ({ x: p.left.x - p.right.x, y: p.left.y - p.right.y });

/**
 * The similarity mapping `after`'s pupils onto `before`'s, or why there is none worth showing:
 * pupils (nearly) on one point, or the two lines more than MAX_ROTATION_DEG apart — the left
 * and right marks swapped on one photo (or a photo upside down), which a rotation would
 * "correct" by turning the face over.
 */
export function alignOnPupils(before: Pupils, after: Pupils): Alignment {
  const target = interpupillary(before);
  const source = interpupillary(after);
  const sourceLength = Math.hypot(source.x, source.y);
  const targetLength = Math.hypot(target.x, target.y);
  if (sourceLength < MIN_PUPIL_DISTANCE_PX || targetLength < MIN_PUPIL_DISTANCE_PX)
    return {
      ok: false,
      reason: 'too-close',
      message: 'The two pupil marks of a photo are on one point: the photos cannot be aligned.',
    };
  const cosine = (source.x * target.x + source.y * target.y) / (sourceLength * targetLength);
  if (cosine < Math.cos((MAX_ROTATION_DEG * Math.PI) / 180))
    return {
      ok: false,
      reason: 'mirrored',
      message:
        'The pupils point opposite ways on the two photos: the left and right marks seem swapped on one of them.',
    };
  // (a + ib) = target / source, as complex numbers.
  const norm = sourceLength * sourceLength;
  const a = (target.x * source.x + target.y * source.y) / norm;
  const b = (target.y * source.x - target.x * source.y) / norm;
  // The right pupil maps onto the right pupil; the left then follows from (a + ib).
  const tx = before.right.x - (a * after.right.x - b * after.right.y);
  const ty = before.right.y - (b * after.right.x + a * after.right.y);
  return {
    ok: true,
    transform: { a, b, tx, ty },
    scale: Math.hypot(a, b),
    rotationDeg: (Math.atan2(b, a) * 180) / Math.PI,
  };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

/** `t` followed by a uniform zoom by `factor` about the origin (a photo fitted to the screen). */
export function zoomed(t: Similarity, factor: number): Similarity {
  return { a: t.a * factor, b: t.b * factor, tx: t.tx * factor, ty: t.ty * factor };
}

/** The CSS `transform` value of `t` (with `transform-origin: 0 0`). */
export function cssMatrix(t: Similarity): string {
  return `matrix(${t.a}, ${t.b}, ${-t.b}, ${t.a}, ${t.tx}, ${t.ty})`;
}
