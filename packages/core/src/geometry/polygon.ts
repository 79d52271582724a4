/**
 * Plane polygons as rings of [x, y] points in mm (the JSON form the plan uses). A ring is not
 * closed explicitly: the last point connects back to the first.
 */
export type PointMm = readonly [number, number];
export type RingMm = readonly PointMm[];

/** Signed area by the shoelace formula: positive for counter-clockwise rings, mm². */
export function signedAreaMm2(ring: RingMm): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    twice += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  }
  return twice / 2;
}

export function areaMm2(ring: RingMm): number {
  return Math.abs(signedAreaMm2(ring));
}

export interface BoundsMm {
  minXMm: number;
  minYMm: number;
  maxXMm: number;
  maxYMm: number;
}

export function boundsOf(ring: RingMm): BoundsMm {
  let minXMm = Number.POSITIVE_INFINITY;
  let minYMm = Number.POSITIVE_INFINITY;
  let maxXMm = Number.NEGATIVE_INFINITY;
  let maxYMm = Number.NEGATIVE_INFINITY;
  for (const [x, y] of ring) {
    if (x < minXMm) minXMm = x;
    if (y < minYMm) minYMm = y;
    if (x > maxXMm) maxXMm = x;
    if (y > maxYMm) maxYMm = y;
  }
  return { minXMm, minYMm, maxXMm, maxYMm };
}

/** Even-odd (crossing-number) test; a point exactly on an edge may go either way. */
export function containsPoint(ring: RingMm, xMm: number, yMm: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    // Indexing, not destructuring: this runs for every element and core, often before the
    // engine has optimised it, and destructuring allocates an iterator there.
    const xi = ring[i][0];
    const yi = ring[i][1];
    const xj = ring[j][0];
    const yj = ring[j][1];
    if (yi > yMm !== yj > yMm && xMm < ((xj - xi) * (yMm - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from a point to the ring's boundary, mm. */
export function distanceToBoundaryMm(ring: RingMm, xMm: number, yMm: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const d2 = segmentDistanceSquared(xMm, yMm, ring[j][0], ring[j][1], ring[i][0], ring[i][1]);
    if (d2 < best) best = d2;
  }
  return Math.sqrt(best);
}

function segmentDistanceSquared(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const ux = bx - ax;
  const uy = by - ay;
  const length2 = ux * ux + uy * uy;
  let t = length2 > 0 ? ((px - ax) * ux + (py - ay) * uy) / length2 : 0;
  t = Math.max(0, Math.min(1, t));
  const dx = px - (ax + t * ux);
  const dy = py - (ay + t * uy);
  return dx * dx + dy * dy;
}

/** Orientation of c relative to the line a→b: >0 left, <0 right, 0 collinear. */
function orient(a: PointMm, b: PointMm, c: PointMm): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: PointMm, b: PointMm, c: PointMm): boolean {
  return (
    Math.min(a[0], b[0]) <= c[0] &&
    c[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= c[1] &&
    c[1] <= Math.max(a[1], b[1])
  );
}

/** Whether closed segments ab and cd share any point. */
export function segmentsIntersect(a: PointMm, b: PointMm, c: PointMm, d: PointMm): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) {
    return true;
  }
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/** Whether segments ab and cd cross at a single point interior to both (not touching, not overlapping). */
export function segmentsCrossProperly(a: PointMm, b: PointMm, c: PointMm, d: PointMm): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/**
 * The first pair of non-adjacent edges that touch, as edge indices (edge i runs from point i to
 * point i+1), or undefined when the ring is simple. O(n²): rings here have tens of points.
 */
export function findSelfIntersection(ring: RingMm): [number, number] | undefined {
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % n];
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue; // neighbours share a vertex
      if (segmentsIntersect(a, b, ring[j], ring[(j + 1) % n])) return [i, j];
    }
  }
  return undefined;
}

/** Sutherland–Hodgman clip of any ring against an axis-aligned rectangle; the area is exact. */
export function clipToRectangle(ring: RingMm, bounds: BoundsMm): PointMm[] {
  let out: PointMm[] = ring.slice();
  const edges: Array<[(p: PointMm) => number]> = [
    [(p) => p[0] - bounds.minXMm],
    [(p) => bounds.maxXMm - p[0]],
    [(p) => p[1] - bounds.minYMm],
    [(p) => bounds.maxYMm - p[1]],
  ];
  for (const [inside] of edges) {
    out = clipHalfPlane(out, inside);
    if (out.length === 0) break;
  }
  return out;
}

/**
 * One Sutherland–Hodgman step: the part of `ring` where `inside(p) >= 0`, for an `inside` that is
 * affine in p (a signed distance to a line), so the crossing is where it changes sign.
 */
function clipHalfPlane(ring: readonly PointMm[], inside: (p: PointMm) => number): PointMm[] {
  const out: PointMm[] = [];
  for (let i = 0; i < ring.length; i++) {
    const current = ring[i];
    const previous = ring[(i + ring.length - 1) % ring.length];
    const dc = inside(current);
    const dp = inside(previous);
    if (dc >= 0) {
      if (dp < 0) out.push(lerp(previous, current, dp / (dp - dc)));
      out.push(current);
    } else if (dp >= 0) {
      out.push(lerp(previous, current, dp / (dp - dc)));
    }
  }
  return out;
}

function lerp(a: PointMm, b: PointMm, t: number): PointMm {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/**
 * Whether a simple ring is convex (either winding; collinear points allowed). Self-crossing
 * rings are not simple: check them with findSelfIntersection first.
 */
export function isConvex(ring: RingMm): boolean {
  const n = ring.length;
  if (n < 3) return false;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const turn = orient(ring[i], ring[(i + 1) % n], ring[(i + 2) % n]);
    if (turn === 0) continue;
    if (sign === 0) sign = Math.sign(turn);
    else if (Math.sign(turn) !== sign) return false;
  }
  return sign !== 0;
}

/**
 * Sutherland–Hodgman clip of any simple ring against a CONVEX ring (either winding): the part of
 * `ring` inside `convex`. Its area is exact; where the inside part is in several pieces they come
 * joined by zero-width edges along the convex ring's boundary, which change neither the area nor
 * which points are inside.
 */
export function clipToConvex(ring: RingMm, convex: RingMm): PointMm[] {
  const turn = signedAreaMm2(convex) >= 0 ? 1 : -1;
  let out: PointMm[] = ring.slice();
  for (let e = 0; e < convex.length && out.length > 0; e++) {
    const a = convex[e];
    const b = convex[(e + 1) % convex.length];
    // Inside is the side the convex ring turns to (left of a→b for counter-clockwise rings).
    const inside = (p: PointMm) => turn * orient(a, b, p);
    out = clipHalfPlane(out, inside);
  }
  return withoutRepeats(out);
}

/** The ring without points equal to the one before them (the clips make such repeats). */
function withoutRepeats(ring: PointMm[]): PointMm[] {
  const out = ring.filter((p, i) => {
    const q = ring[(i + ring.length - 1) % ring.length];
    return ring.length === 1 || p[0] !== q[0] || p[1] !== q[1];
  });
  return out.length < 3 ? [] : out;
}
