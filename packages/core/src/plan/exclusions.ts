import type { Zone } from '../anatomy/zones.js';
import { MicrocoreError } from '../errors.js';
import {
  areaMm2,
  type BoundsMm,
  boundsOf,
  clipToConvex,
  findSelfIntersection,
  isConvex,
  type PointMm,
  type RingMm,
} from '../geometry/polygon.js';

/** Most exclusions one plan takes: each is tested for every candidate core in its zones. */
export const MAX_EXCLUSIONS = 50;
/** Most points one exclusion may have (a circle drawn as a polygon needs a few dozen). */
export const MAX_EXCLUSION_POINTS = 64;
/** Largest |x| or |y| of a point on the chart, mm: far beyond any face, a bound on the work. */
export const MAX_COORDINATE_MM = 10_000;
/** Overlaps smaller than this (mm²) are edges that touch, not overlaps. */
const TOUCH_MM2 = 1e-9;

/**
 * Check the plan's exclusions (areas not to treat drawn on the chart: a mole, a scar, a filler
 * site): each a simple convex polygon of finite mm coordinates, none overlapping another or a
 * template exclusion. Convex, so that the treatable area stays exact (clipToConvex); a concave
 * area is drawn as several convex ones side by side. Returns the rings, copied.
 */
export function checkExclusions(raw: unknown): RingMm[] {
  if (!Array.isArray(raw)) invalid('exclusions', 'exclusions must be a list of polygons');
  if (raw.length > MAX_EXCLUSIONS) {
    invalid(
      'exclusions',
      `${raw.length} exclusions is more than the ${MAX_EXCLUSIONS} one plan takes; merge neighbouring ones`,
    );
  }
  const rings = raw.map((ring, k) => checkRing(ring, k));
  for (let k = 0; k < rings.length; k++) {
    for (let other = 0; other < k; other++) {
      if (overlapMm2(rings[other], rings[k]) > TOUCH_MM2) {
        invalid(
          `exclusions[${k}]`,
          `exclusion ${k + 1} overlaps exclusion ${other + 1}; merge them into one or move them apart`,
        );
      }
    }
  }
  return rings;
}

/**
 * The zone with the plan's exclusions that reach into it added to its own, each clipped to the
 * zone: so its area is what the zone loses, and a core kept off its edges is kept off the whole
 * exclusion (the part outside the zone is beyond the zone's own edge margin).
 */
export function withExclusions(zone: Zone, exclusions: readonly RingMm[]): Zone {
  if (exclusions.length === 0) return zone;
  const zoneBounds = boundsOf(zone.polygon);
  const added: RingMm[] = [];
  exclusions.forEach((exclusion, k) => {
    if (!boundsOverlap(zoneBounds, boundsOf(exclusion))) return;
    const inside = clipToConvex(zone.polygon, exclusion);
    if (inside.length === 0 || areaMm2(inside) <= TOUCH_MM2) return;
    zone.exclusions.forEach((own, j) => {
      if (overlapMm2(own, exclusion) > TOUCH_MM2) {
        invalid(
          `exclusions[${k}]`,
          `exclusion ${k + 1} overlaps the template's exclusion ${j + 1} in zone "${zone.id}"; leave that part out of it`,
        );
      }
    });
    added.push(inside);
  });
  return added.length === 0 ? zone : { ...zone, exclusions: [...zone.exclusions, ...added] };
}

/** Area shared by any simple ring and a convex one, mm². */
function overlapMm2(ring: RingMm, convex: RingMm): number {
  if (!boundsOverlap(boundsOf(ring), boundsOf(convex))) return 0;
  const shared = clipToConvex(ring, convex);
  return shared.length === 0 ? 0 : areaMm2(shared);
}

function boundsOverlap(a: BoundsMm, b: BoundsMm): boolean {
  return a.minXMm < b.maxXMm && b.minXMm < a.maxXMm && a.minYMm < b.maxYMm && b.minYMm < a.maxYMm;
}

function checkRing(raw: unknown, k: number): RingMm {
  const field = `exclusions[${k}]`;
  const what = `exclusion ${k + 1}`;
  if (!Array.isArray(raw) || raw.length < 3 || raw.length > MAX_EXCLUSION_POINTS) {
    invalid(field, `${what} must be a polygon of 3–${MAX_EXCLUSION_POINTS} [x, y] points in mm`);
  }
  const ring: PointMm[] = raw.map((point, p) => {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      !point.every(
        (v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE_MM,
      )
    ) {
      invalid(
        `${field}[${p}]`,
        `${what}: point ${p + 1} must be [x, y] with finite numbers in mm (|value| ≤ ${MAX_COORDINATE_MM})`,
      );
    }
    return [point[0], point[1]] as const;
  });
  if (findSelfIntersection(ring))
    invalid(field, `${what} crosses itself; draw it as a simple closed polygon`);
  if (areaMm2(ring) <= TOUCH_MM2) invalid(field, `${what} has no area`);
  if (!isConvex(ring)) {
    invalid(field, `${what} is not convex; draw a concave area as several convex ones`);
  }
  return ring;
}

function invalid(field: string, message: string): never {
  throw new MicrocoreError('exclusion.invalid', message, field);
}
