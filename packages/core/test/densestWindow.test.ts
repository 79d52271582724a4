import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capFraction, densestWindow, densestWindowAcrossZones } from '../src/index.js';

/**
 * The bound of densestWindow.ts written out plainly: Σ_k w_k × (centres in the window grown by
 * δ_k), with the unrounded weights, at one window position (lower-left corner x, y). The
 * squares are taken 1e-9 mm larger, as densestWindow takes them, so that a centre on an edge of
 * a candidate window below (computed, so rounded) stays in.
 */
function boundAt(points: number[][], x: number, y: number, d: number, side: number, K: number) {
  const r = d / 2;
  let sum = 0;
  for (let k = 1; k <= K; k++) {
    const below = -r + (2 * r * (k - 1)) / K;
    const delta = -r + (2 * r * k) / K;
    const w = capFraction(below / r) - capFraction(delta / r);
    const grow = delta + 1e-9;
    for (const [px, py] of points) {
      if (px >= x - grow && px <= x + side + grow && py >= y - grow && py <= y + side + grow)
        sum += w;
    }
  }
  return sum;
}

/** Brute force: the largest bound over every corner where it can be largest (rectangle starts). */
function bruteForceMax(points: number[][], d: number, side: number, K: number): number {
  const r = d / 2;
  const xs: number[] = [];
  const ys: number[] = [];
  for (let k = 1; k <= K; k++) {
    const delta = -r + (2 * r * k) / K;
    for (const [px, py] of points) {
      xs.push(px - side - delta);
      ys.push(py - side - delta);
    }
  }
  let best = 0;
  for (const x of xs) for (const y of ys) best = Math.max(best, boundAt(points, x, y, d, side, K));
  return best;
}

/** Area of a disk inside an axis-aligned square, by Simpson's rule over the chords (fine). */
function diskInSquareMm2(cx: number, cy: number, r: number, x0: number, y0: number, side: number) {
  const a = Math.max(cx - r, x0);
  const b = Math.min(cx + r, x0 + side);
  if (b <= a) return 0;
  const chord = (x: number) => {
    const h = Math.sqrt(Math.max(0, r * r - (x - cx) ** 2));
    return Math.max(0, Math.min(cy + h, y0 + side) - Math.max(cy - h, y0));
  };
  const steps = 2000;
  const dx = (b - a) / steps;
  let sum = chord(a) + chord(b);
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * chord(a + i * dx);
  return (sum * dx) / 3;
}

const pointSets = fc.array(
  fc.tuple(fc.double({ min: 0, max: 6, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true })),
  { minLength: 1, maxLength: 24 },
);

describe('the densest window', () => {
  it('finds the largest bound over every window position, as brute force does (2 and 4 levels)', () => {
    fc.assert(
      fc.property(
        pointSets,
        fc.double({ min: 0.1, max: 0.8, noNaN: true }),
        fc.constantFrom(2, 4),
        (points, d, K) => {
          const side = 2;
          const area = (Math.PI * d * d) / 4;
          const found = densestWindow(Float64Array.from(points.flat()), d, side, K);
          const brute = (bruteForceMax(points, d, side, K) * area) / (side * side);
          // The implementation rounds each level's weight up to 1/4096 of a core.
          const slack = (points.length * K * area) / 4096 / (side * side);
          expect(found.coverageFraction).toBeGreaterThanOrEqual(brute - 1e-12);
          expect(found.coverageFraction).toBeLessThanOrEqual(brute + slack);
          // …and reaches it at the window it names.
          const [x, y] = found.originMm as readonly [number, number];
          const there = (boundAt(points, x, y, d, side, K) * area) / (side * side);
          expect(there).toBeGreaterThanOrEqual(brute - 1e-9);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is never below the skin the cores really remove from any window (exact disk areas)', () => {
    fc.assert(
      fc.property(
        pointSets,
        fc.double({ min: 0.1, max: 0.8, noNaN: true }),
        fc.array(
          fc.tuple(
            fc.double({ min: -2, max: 6, noNaN: true }),
            fc.double({ min: -2, max: 5, noNaN: true }),
          ),
          { minLength: 1, maxLength: 20 },
        ),
        (points, d, windows) => {
          const side = 2;
          const found = densestWindow(Float64Array.from(points.flat()), d, side).coverageFraction;
          // Every random window, and each window put exactly on a core's centre.
          const corners = [...windows, ...points.map(([px, py]) => [px - 1, py - 1])];
          for (const [x0, y0] of corners) {
            let removed = 0;
            for (const [px, py] of points) removed += diskInSquareMm2(px, py, d / 2, x0, y0, side);
            expect(removed / (side * side)).toBeLessThanOrEqual(found + 1e-6);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('counts a 1 mm lattice of 100 cores in one square centimetre whole, and nothing elsewhere', () => {
    const points: number[] = [];
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) points.push(20 + i + 0.5, 30 + j + 0.5);
    for (let k = 0; k < 20; k++) points.push(100 + 7 * k, 100); // a sparse row far away
    const d = 0.4;
    const window = densestWindow(Float64Array.from(points), d);
    // Every centre is 0.5 mm inside the square [20, 30] × [30, 40], more than a radius: exact.
    expect(window.coverageFraction).toBeCloseTo((100 * Math.PI * 0.04) / 100, 9);
    const [x, y] = window.originMm as readonly [number, number];
    expect(x).toBeGreaterThanOrEqual(19.5 - 0.2);
    expect(x).toBeLessThanOrEqual(20.5 + 0.2);
    expect(y).toBeGreaterThanOrEqual(29.5 - 0.2);
    expect(y).toBeLessThanOrEqual(30.5 + 0.2);
  });

  it('finds over several zones what one sweep of all their cores finds (zones + border cores)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 40, noNaN: true }),
            fc.double({ min: 0, max: 30, noNaN: true }),
            fc.nat({ max: 3 }),
          ),
          { minLength: 1, maxLength: 150 },
        ),
        fc.double({ min: 0.1, max: 0.8, noNaN: true }),
        (cores, d) => {
          const zones = [0, 1, 2, 3].map((z) =>
            Float64Array.from(cores.filter(([, , k]) => k === z).flatMap((c) => [c[0], c[1]])),
          );
          const perZone = zones.map((z) => densestWindow(z, d, 5));
          const all = densestWindow(Float64Array.from(cores.flatMap((c) => [c[0], c[1]])), d, 5);
          const across = densestWindowAcrossZones(zones, perZone, d, 5);
          expect(across.coverageFraction).toBe(all.coverageFraction);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('has no window without cores', () => {
    expect(densestWindow(new Float64Array(0), 0.4)).toEqual({
      coverageFraction: 0,
      originMm: null,
    });
  });
});
