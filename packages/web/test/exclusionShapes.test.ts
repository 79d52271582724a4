import { checkExclusions, geometry, type PointMm, type RingMm } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { hitExclusion } from '../src/planner/exclusionHitTest.js';
import {
  type DrawnExclusion,
  defaultExclusion,
  draggedExclusion,
  MIN_RADIUS_MM,
  rescaleRing,
  ringCentre,
  roundExclusion,
  scarExclusion,
  translateRing,
} from '../src/planner/exclusionShapes.js';

/** Distance from p to segment ab, mm. */
function toSegment(p: PointMm, a: PointMm, b: PointMm): number {
  const ux = b[0] - a[0];
  const uy = b[1] - a[1];
  const t = Math.max(
    0,
    Math.min(1, ((p[0] - a[0]) * ux + (p[1] - a[1]) * uy) / (ux * ux + uy * uy)),
  );
  return Math.hypot(p[0] - a[0] - t * ux, p[1] - a[1] - t * uy);
}

describe('exclusion shapes', () => {
  it('a round one holds the whole circle, and not much more: its edges touch the circle', () => {
    const ring = roundExclusion([60, 70], 3);
    for (let k = 0; k < 360; k++) {
      const a = (k * Math.PI) / 180;
      expect(geometry.containsPoint(ring, 60 + 2.999 * Math.cos(a), 70 + 2.999 * Math.sin(a))).toBe(
        true,
      );
    }
    // The inscribed radius is the circle's (to the micrometre the corners are rounded to).
    expect(geometry.distanceToBoundaryMm(ring, 60, 70)).toBeCloseTo(3, 3);
    expect(geometry.isConvex(ring)).toBe(true);
  });

  it('a scar holds every point within half its width of the line, diagonal too', () => {
    const from: PointMm = [10, 20];
    const to: PointMm = [25, 31];
    const ring = scarExclusion(from, to, 2);
    expect(geometry.isConvex(ring)).toBe(true);
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j < 36; j++) {
        const t = i / 40;
        const a = (j * Math.PI) / 18;
        const p: PointMm = [
          from[0] + (to[0] - from[0]) * t + 0.999 * Math.cos(a),
          from[1] + (to[1] - from[1]) * t + 0.999 * Math.sin(a),
        ];
        expect(geometry.containsPoint(ring, p[0], p[1])).toBe(true);
      }
    }
    // No corner is further from the line than the half width's circumscribed corner.
    for (const corner of ring) expect(toSegment(corner, from, to)).toBeLessThan(1.02);
    expect(scarExclusion(from, [10.1, 20], 2)).toEqual(roundExclusion(from, 1));
  });

  it('every shape is one the planner takes (convex, simple)', () => {
    const rings: RingMm[] = [
      roundExclusion([0, 0], 0.1),
      roundExclusion([-100, -100], 30),
      scarExclusion([100, 100], [140, 90]),
      defaultExclusion('scar', [200, 200]),
      defaultExclusion('mole', [300, 300]),
      defaultExclusion('filler', [400, 400]),
    ];
    expect(checkExclusions(rings)).toHaveLength(rings.length);
    expect(geometry.distanceToBoundaryMm(rings[0], 0, 0)).toBeCloseTo(MIN_RADIUS_MM, 3);
  });

  it('a drag draws a circle from its centre, or a scar from end to end', () => {
    expect(draggedExclusion('mole', [5, 5], [8, 9])).toEqual(roundExclusion([5, 5], 5));
    expect(draggedExclusion('filler', [5, 5], [5, 6])).toEqual(roundExclusion([5, 5], 1));
    expect(draggedExclusion('scar', [5, 5], [15, 5])).toEqual(scarExclusion([5, 5], [15, 5]));
  });

  it('keeps coordinates to the micrometre: short, exact decimals in the JSON', () => {
    for (const [x, y] of roundExclusion([1 / 3, 2 / 3], Math.PI)) {
      expect(String(x).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
      expect(String(y).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(3);
      expect(Object.is(x, -0) || Object.is(y, -0)).toBe(false);
    }
  });

  it('moves, rescales with the face, and has a centre', () => {
    const ring = roundExclusion([10, 10], 2);
    const moved = translateRing(ring, 1.5, -2);
    const centre = ringCentre(moved);
    expect(centre[0]).toBeCloseTo(11.5, 3);
    expect(centre[1]).toBeCloseTo(8, 3);
    const rescaled = rescaleRing([[10, 20]], { x: 1, y: 1 }, { x: 1.1, y: 0.9 });
    expect(rescaled[0][0]).toBeCloseTo(11, 9);
    expect(rescaled[0][1]).toBeCloseTo(18, 9);
    expect(rescaleRing(ring, { x: 1.2, y: 1 }, { x: 1.2, y: 1 })).toBe(ring);
  });
});

describe('hit-testing exclusions', () => {
  const exclusions: DrawnExclusion[] = [
    { id: 'a', kind: 'mole', polygon: roundExclusion([0, 0], 5) },
    { id: 'b', kind: 'filler', polygon: roundExclusion([4, 0], 3) },
    { id: 'c', kind: 'scar', polygon: scarExclusion([20, 0], [30, 0]) },
  ];

  it('picks the topmost exclusion under the pointer', () => {
    expect(hitExclusion(exclusions, [5, 0], 0)).toBe(1);
    expect(hitExclusion(exclusions, [-3, 0], 0)).toBe(0);
    expect(hitExclusion(exclusions, [25, 0.5], 0)).toBe(2);
  });

  it('takes a pointer within the tolerance of an edge, and nothing further off', () => {
    // The scar's edge is 1 mm above its line.
    expect(hitExclusion(exclusions, [25, 1.5], 0.6)).toBe(2);
    expect(hitExclusion(exclusions, [25, 1.5], 0.4)).toBe(-1);
    expect(hitExclusion(exclusions, [100, 100], 1)).toBe(-1);
    expect(hitExclusion([], [0, 0], 1)).toBe(-1);
  });
});
