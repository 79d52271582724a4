import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geometry, nearestNeighbourDistancesMm } from '../src/index.js';
import { bridgeStats, smallestBridgeMm } from '../src/plan/metrics.js';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
] as const;

describe('geometry', () => {
  it('computes areas, containment and distance to the boundary', () => {
    expect(geometry.signedAreaMm2(square)).toBe(100);
    expect(geometry.signedAreaMm2([...square].reverse())).toBe(-100);
    expect(geometry.containsPoint(square, 5, 5)).toBe(true);
    expect(geometry.containsPoint(square, 11, 5)).toBe(false);
    expect(geometry.distanceToBoundaryMm(square, 5, 3)).toBe(3);
    expect(geometry.distanceToBoundaryMm(square, 13, 14)).toBe(5);
  });

  it('puts no point off a ring’s bounding box inside it (the macro model’s zone test relies on it)', () => {
    const point = fc.tuple(
      fc.double({ min: -50, max: 50, noNaN: true }),
      fc.double({ min: -50, max: 50, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 12 }), point, (ring, [x, y]) => {
        const box = geometry.boundsOf(ring);
        const off =
          y < box.minYMm || y >= box.maxYMm || x < box.minXMm - 1e-6 || x > box.maxXMm + 1e-6;
        if (off) expect(geometry.containsPoint(ring, x, y)).toBe(false);
      }),
    );
  });

  it('finds a self-intersection in a bow-tie and none in a simple ring', () => {
    expect(
      geometry.findSelfIntersection([
        [0, 0],
        [10, 10],
        [10, 0],
        [0, 10],
      ]),
    ).toBeDefined();
    expect(geometry.findSelfIntersection(square)).toBeUndefined();
  });

  it('clips a ring to a rectangle with the exact area', () => {
    const triangle = [
      [0, 0],
      [20, 0],
      [0, 20],
    ] as const;
    // The part of the triangle x + y ≤ 20 inside [0,10]²: the square less nothing, as 10 + 10 ≤ 20.
    expect(
      geometry.areaMm2(
        geometry.clipToRectangle(triangle, { minXMm: 0, minYMm: 0, maxXMm: 10, maxYMm: 10 }),
      ),
    ).toBeCloseTo(100, 9);
    // Inside [5,15]×[5,15]: the triangle with legs 10 cut off at x+y ≤ 20 → area 50.
    expect(
      geometry.areaMm2(
        geometry.clipToRectangle(triangle, { minXMm: 5, minYMm: 5, maxXMm: 15, maxYMm: 15 }),
      ),
    ).toBeCloseTo(50, 9);
    expect(
      geometry.clipToRectangle(triangle, { minXMm: 30, minYMm: 30, maxXMm: 40, maxYMm: 40 }),
    ).toEqual([]);
  });
});

describe('pattern metrics', () => {
  it('finds each point’s nearest neighbour as brute force does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 50, noNaN: true }),
            fc.double({ min: 0, max: 50, noNaN: true }),
          ),
          { minLength: 2, maxLength: 80 },
        ),
        (points) => {
          const flat = Float64Array.from(points.flat());
          const found = nearestNeighbourDistancesMm(flat, 1.5);
          points.forEach(([x, y], i) => {
            let best = Number.POSITIVE_INFINITY;
            points.forEach(([u, v], j) => {
              if (j !== i) best = Math.min(best, Math.hypot(u - x, v - y));
            });
            expect(found[i]).toBeCloseTo(best, 9);
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds each nearest neighbour exactly, whatever the cell size, in a crowd', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 12, noNaN: true }),
            fc.double({ min: 0, max: 12, noNaN: true }),
          ),
          { minLength: 2, maxLength: 150 },
        ),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        (points, cellMm) => {
          const found = nearestNeighbourDistancesMm(Float64Array.from(points.flat()), cellMm);
          points.forEach(([x, y], i) => {
            let best2 = Number.POSITIVE_INFINITY;
            points.forEach(([u, v], j) => {
              if (j !== i) best2 = Math.min(best2, (u - x) ** 2 + (v - y) ** 2);
            });
            expect(found[i]).toBe(Math.sqrt(best2));
          });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('gives the smallest bridge as bridgeStats does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 30, noNaN: true }),
            fc.double({ min: 0, max: 30, noNaN: true }),
          ),
          { minLength: 2, maxLength: 100 },
        ),
        (points) => {
          const flat = Float64Array.from(points.flat());
          expect(smallestBridgeMm(flat, 0.4, 1)).toBe(bridgeStats(flat, 0.4, 1)?.minMm);
        },
      ),
      { numRuns: 100 },
    );
    expect(smallestBridgeMm(Float64Array.of(1, 2), 0.4, 1)).toBeUndefined();
  });
});

describe('convex polygons', () => {
  const diamond = [
    [5, 0],
    [10, 5],
    [5, 10],
    [0, 5],
  ] as const;

  it('tells convex rings from concave ones, either winding', () => {
    expect(geometry.isConvex(square)).toBe(true);
    expect(geometry.isConvex([...square].reverse())).toBe(true);
    expect(
      geometry.isConvex([
        [0, 0],
        [10, 0],
        [5, 2],
        [5, 10],
      ]),
    ).toBe(false);
    // Collinear points on an edge keep a ring convex.
    expect(
      geometry.isConvex([
        [0, 0],
        [5, 0],
        [10, 0],
        [10, 10],
        [0, 10],
      ]),
    ).toBe(true);
  });

  it('clips any ring to a convex one with the exact area', () => {
    // The square [0,10]² and the diamond inscribed in it: the diamond, area 50.
    expect(geometry.areaMm2(geometry.clipToConvex(square, diamond))).toBeCloseTo(50, 12);
    expect(geometry.areaMm2(geometry.clipToConvex(square, [...diamond].reverse()))).toBeCloseTo(
      50,
      12,
    );
    // A concave U (a 30 × 20 block less its 10 × 10 middle notch from the top) clipped by the
    // band 5 ≤ y ≤ 15: two separate pieces, 2 × (10 × 10) plus the 10 × 5 base strip = 250.
    const u = [
      [0, 0],
      [30, 0],
      [30, 20],
      [20, 20],
      [20, 10],
      [10, 10],
      [10, 20],
      [0, 20],
    ] as const;
    const band = [
      [-5, 5],
      [35, 5],
      [35, 15],
      [-5, 15],
    ] as const;
    const clipped = geometry.clipToConvex(u, band);
    expect(geometry.areaMm2(clipped)).toBeCloseTo(250, 12);
    // The notch stays outside; the arms stay inside.
    expect(geometry.containsPoint(clipped, 15, 12)).toBe(false);
    expect(geometry.containsPoint(clipped, 5, 12)).toBe(true);
    expect(geometry.containsPoint(clipped, 25, 12)).toBe(true);
    expect(
      geometry.clipToConvex(square, [
        [20, 20],
        [30, 20],
        [30, 30],
      ]),
    ).toEqual([]);
  });
});
