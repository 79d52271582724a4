import { geometry, type PointMm } from '@microcore/core';
import type { DrawnExclusion } from './exclusionShapes.js';

/**
 * Which exclusion a pointer at `pointMm` picks: the topmost (drawn last) that holds the point or
 * has its edge within `toleranceMm` (a few screen pixels, so small ones can still be grabbed);
 * −1 when none.
 */
export function hitExclusion(
  exclusions: readonly DrawnExclusion[],
  pointMm: PointMm,
  toleranceMm: number,
): number {
  const [x, y] = pointMm;
  for (let k = exclusions.length - 1; k >= 0; k--) {
    const ring = exclusions[k].polygon;
    if (geometry.containsPoint(ring, x, y)) return k;
    if (geometry.distanceToBoundaryMm(ring, x, y) <= toleranceMm) return k;
  }
  return -1;
}

/** Whether a point lies in an exclusion (for checks that no core was placed in one). */
export function insideAnyExclusion(
  exclusions: readonly { readonly polygon: readonly PointMm[] }[],
  xMm: number,
  yMm: number,
): boolean {
  return exclusions.some((e) => geometry.containsPoint(e.polygon, xMm, yMm));
}
