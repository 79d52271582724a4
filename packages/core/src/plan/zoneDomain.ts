import type { Zone } from '../anatomy/zones.js';
import {
  type BoundsMm,
  boundsOf,
  containsPoint,
  distanceToBoundaryMm,
} from '../geometry/polygon.js';
import type { SamplingDomain } from './poissonDisk.js';

/**
 * Where a core's centre may go in a zone: inside the outline and outside every exclusion, and at
 * least `marginMm` from all of their edges. With the margin at half the minimum centre distance,
 * two cores in neighbouring zones (or fields) can never come closer than that distance, and a
 * core (radius ≤ margin) lies wholly inside its zone.
 */
export function zoneDomain(zone: Zone, marginMm: number, clip?: BoundsMm): SamplingDomain {
  const zoneBounds = boundsOf(zone.polygon);
  const bounds: BoundsMm = clip
    ? {
        minXMm: Math.max(zoneBounds.minXMm, clip.minXMm),
        minYMm: Math.max(zoneBounds.minYMm, clip.minYMm),
        maxXMm: Math.min(zoneBounds.maxXMm, clip.maxXMm),
        maxYMm: Math.min(zoneBounds.maxYMm, clip.maxYMm),
      }
    : zoneBounds;

  /** Distance to the nearest edge (outline, exclusions, clip rectangle) and whether inside. */
  const probe = (x: number, y: number): { inside: boolean; distanceMm: number } => {
    let inside = containsPoint(zone.polygon, x, y);
    let distanceMm = distanceToBoundaryMm(zone.polygon, x, y);
    for (const exclusion of zone.exclusions) {
      if (containsPoint(exclusion, x, y)) inside = false;
      distanceMm = Math.min(distanceMm, distanceToBoundaryMm(exclusion, x, y));
    }
    if (clip) {
      const dx = Math.min(x - clip.minXMm, clip.maxXMm - x);
      const dy = Math.min(y - clip.minYMm, clip.maxYMm - y);
      if (dx < 0 || dy < 0) inside = false;
      distanceMm = Math.min(distanceMm, Math.abs(dx), Math.abs(dy));
    }
    return { inside, distanceMm };
  };

  return {
    minXMm: bounds.minXMm,
    minYMm: bounds.minYMm,
    maxXMm: Math.max(bounds.minXMm, bounds.maxXMm),
    maxYMm: Math.max(bounds.minYMm, bounds.maxYMm),
    classifySquare(x0, y0, size) {
      const halfDiagonal = size * Math.SQRT1_2;
      const { inside, distanceMm } = probe(x0 + size / 2, y0 + size / 2);
      if (inside && distanceMm - halfDiagonal >= marginMm) return 1;
      if (!inside && distanceMm > halfDiagonal) return 0;
      if (inside && distanceMm + halfDiagonal < marginMm) return 0;
      return 2;
    },
    contains(x, y) {
      const { inside, distanceMm } = probe(x, y);
      return inside && distanceMm >= marginMm;
    },
  };
}
