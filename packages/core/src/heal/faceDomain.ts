import type { PointMm, RingMm } from '../geometry/polygon.js';

/**
 * The skin the macro model simulates: the treated zones and the untreated skin around them, out to
 * `marginMm` beyond the zones' convex hull (an octagon swept around it), where the skin is held
 * (hairline, ear, neck, deeper anchoring).
 */
export function skinOutline(zones: readonly RingMm[], marginMm: number): PointMm[] {
  const points: PointMm[] = [];
  for (const ring of zones) {
    for (const [x, y] of ring) {
      for (let k = 0; k < 8; k++) {
        const angle = (Math.PI / 4) * k + Math.PI / 8;
        // The octagon's vertices at margin / cos(22.5°) keep its edges `marginMm` away.
        const r = marginMm / Math.cos(Math.PI / 8);
        points.push([x + r * Math.cos(angle), y + r * Math.sin(angle)]);
      }
    }
  }
  return convexHull(points);
}

/** Andrew's monotone chain; counter-clockwise, no repeated point. */
export function convexHull(points: readonly PointMm[]): PointMm[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: PointMm, a: PointMm, b: PointMm) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: PointMm[] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: PointMm[] = [];
  for (let i = sorted.length - 1; i >= 0; i--) {
    const p = sorted[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}
