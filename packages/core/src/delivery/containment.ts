import type { Zone } from '../anatomy/zones.js';
import { containsPoint, distanceToBoundaryMm } from '../geometry/polygon.js';
import type { CoreRefusalReason } from './types.js';

/**
 * Whether a core of radius `radiusMm` at (x, y) lies wholly inside the zone's outline and clear of
 * every exclusion; if not, why (the guard counts the reasons apart).
 */
export function containmentOf(
  zone: Zone,
  xMm: number,
  yMm: number,
  radiusMm: number,
): CoreRefusalReason | null {
  if (
    !containsPoint(zone.polygon, xMm, yMm) ||
    distanceToBoundaryMm(zone.polygon, xMm, yMm) < radiusMm
  )
    return 'outside-zone';
  for (const exclusion of zone.exclusions) {
    if (containsPoint(exclusion, xMm, yMm) || distanceToBoundaryMm(exclusion, xMm, yMm) < radiusMm)
      return 'in-exclusion';
  }
  return null;
}
