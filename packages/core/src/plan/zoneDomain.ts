import type { Zone } from '../anatomy/zones.js';
import {
  type BoundsMm,
  boundsOf,
  containsPoint,
  distanceToBoundaryMm,
} from '../geometry/polygon.js';
import type { SamplingDomain } from './poissonDisk.js';

// Domains are class instances, not object literals with fresh closures: the sampler's optimised
// code then calls the same prototype methods every time, and is not thrown away when one plan's
// closures are garbage-collected.

/**
 * Where a core's centre may go in a zone: inside the outline and outside every exclusion, and at
 * least `marginMm` from all of their edges (and from the edges of `clip`, a handpiece field).
 * With the margin at half the minimum centre distance, two cores in neighbouring zones (or
 * fields) can never come closer than that distance, and a core (radius ≤ margin) lies wholly
 * inside its zone.
 */
export class ZoneDomain implements SamplingDomain {
  readonly minXMm: number;
  readonly minYMm: number;
  readonly maxXMm: number;
  readonly maxYMm: number;

  constructor(
    private readonly zone: Zone,
    private readonly marginMm: number,
    private readonly clip?: BoundsMm,
  ) {
    const b = boundsOf(zone.polygon);
    this.minXMm = clip ? Math.max(b.minXMm, clip.minXMm) : b.minXMm;
    this.minYMm = clip ? Math.max(b.minYMm, clip.minYMm) : b.minYMm;
    this.maxXMm = Math.max(this.minXMm, clip ? Math.min(b.maxXMm, clip.maxXMm) : b.maxXMm);
    this.maxYMm = Math.max(this.minYMm, clip ? Math.min(b.maxYMm, clip.maxYMm) : b.maxYMm);
  }

  classifySquare(x0: number, y0: number, size: number): 0 | 1 | 2 {
    const halfDiagonal = size * Math.SQRT1_2;
    const cx = x0 + size / 2;
    const cy = y0 + size / 2;
    const inside = this.inside(cx, cy);
    const distanceMm = this.distanceToEdgeMm(cx, cy);
    if (inside && distanceMm - halfDiagonal >= this.marginMm) return 1;
    if (!inside && distanceMm > halfDiagonal) return 0;
    if (inside && distanceMm + halfDiagonal < this.marginMm) return 0;
    return 2;
  }

  contains(x: number, y: number): boolean {
    return this.inside(x, y) && this.distanceToEdgeMm(x, y) >= this.marginMm;
  }

  /** Inside the outline (and the clip), outside every exclusion. */
  private inside(x: number, y: number): boolean {
    const clip = this.clip;
    if (clip && (x < clip.minXMm || x > clip.maxXMm || y < clip.minYMm || y > clip.maxYMm)) {
      return false;
    }
    if (!containsPoint(this.zone.polygon, x, y)) return false;
    return !this.zone.exclusions.some((exclusion) => containsPoint(exclusion, x, y));
  }

  /** Distance to the nearest edge of the outline, an exclusion or the clip rectangle, mm. */
  private distanceToEdgeMm(x: number, y: number): number {
    let distanceMm = distanceToBoundaryMm(this.zone.polygon, x, y);
    for (const exclusion of this.zone.exclusions) {
      distanceMm = Math.min(distanceMm, distanceToBoundaryMm(exclusion, x, y));
    }
    const clip = this.clip;
    if (clip) {
      distanceMm = Math.min(
        distanceMm,
        Math.abs(x - clip.minXMm),
        Math.abs(clip.maxXMm - x),
        Math.abs(y - clip.minYMm),
        Math.abs(clip.maxYMm - y),
      );
    }
    return distanceMm;
  }
}

/** The half-open rectangle [x0, x1) × [y0, y1), mm: for engineers' patches and the benchmarks. */
export class RectangleDomain implements SamplingDomain {
  constructor(
    readonly minXMm: number,
    readonly minYMm: number,
    readonly maxXMm: number,
    readonly maxYMm: number,
  ) {}

  classifySquare(x0: number, y0: number, size: number): 0 | 1 | 2 {
    const x1 = x0 + size;
    const y1 = y0 + size;
    if (x1 <= this.minXMm || y1 <= this.minYMm || x0 >= this.maxXMm || y0 >= this.maxYMm) return 0;
    if (x0 >= this.minXMm && y0 >= this.minYMm && x1 < this.maxXMm && y1 < this.maxYMm) return 1;
    return 2;
  }

  contains(x: number, y: number): boolean {
    return x >= this.minXMm && x < this.maxXMm && y >= this.minYMm && y < this.maxYMm;
  }
}
