import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, samplePoissonDisk } from '../src/index.js';
import { minimumPairDistance, pairs, rectangleDomain } from './helpers.js';

describe('samplePoissonDisk', () => {
  it('never places two points closer than the minimum distance, and only inside the region', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 3, max: 60, noNaN: true }),
        fc.double({ min: 3, max: 60, noNaN: true }),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        fc.nat(),
        (w, h, r, seed) => {
          const { pointsMm, count } = samplePoissonDisk(rectangleDomain(0, 0, w, h), {
            minDistanceMm: r,
            rng: new Rng(seed),
          });
          const points = pairs(pointsMm);
          expect(points).toHaveLength(count);
          if (count > 1) expect(minimumPairDistance(points, r)).toBeGreaterThanOrEqual(r);
          for (const [x, y] of points) {
            expect(x >= 0 && x < w && y >= 0 && y < h).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('packs densely: near the ~0.88/r² of Roberts-style sampling, and leaves no room for another point', () => {
    const r = 1.2;
    const side = 100;
    const { pointsMm, count } = samplePoissonDisk(rectangleDomain(0, 0, side, side), {
      minDistanceMm: r,
      rng: new Rng(7),
    });
    const perR2 = (count * r * r) / (side * side);
    expect(perR2).toBeGreaterThan(0.82);
    expect(perR2).toBeLessThan(0.95);
    // Maximality: almost every probe of a fine lattice lies within r of a point.
    const points = pairs(pointsMm);
    const cell = new Map<string, Array<[number, number]>>();
    for (const p of points) {
      const key = `${Math.floor(p[0] / r)},${Math.floor(p[1] / r)}`;
      cell.set(key, [...(cell.get(key) ?? []), p]);
    }
    let uncovered = 0;
    let probes = 0;
    for (let x = 0.05; x < side; x += 0.37) {
      for (let y = 0.05; y < side; y += 0.41) {
        probes++;
        let covered = false;
        for (let dx = -1; dx <= 1 && !covered; dx++) {
          for (let dy = -1; dy <= 1 && !covered; dy++) {
            for (const [px, py] of cell.get(
              `${Math.floor(x / r) + dx},${Math.floor(y / r) + dy}`,
            ) ?? []) {
              if (Math.hypot(px - x, py - y) < r) covered = true;
            }
          }
        }
        if (!covered) uncovered++;
      }
    }
    expect(uncovered / probes).toBeLessThan(0.002);
  });

  it('has no grid artefacts: nearest-neighbour directions are spread evenly over all angles', () => {
    const r = 1;
    const { pointsMm } = samplePoissonDisk(rectangleDomain(0, 0, 120, 120), {
      minDistanceMm: r,
      rng: new Rng(3),
    });
    const points = pairs(pointsMm);
    const bins = new Array(12).fill(0);
    const index = new Map<string, number[]>();
    points.forEach(([x, y], i) => {
      const key = `${Math.floor(x / (2 * r))},${Math.floor(y / (2 * r))}`;
      index.set(key, [...(index.get(key) ?? []), i]);
    });
    points.forEach(([x, y], i) => {
      let best = Number.POSITIVE_INFINITY;
      let angle = 0;
      const cx = Math.floor(x / (2 * r));
      const cy = Math.floor(y / (2 * r));
      for (let dx = -1; dx <= 1; dx++) {
        for (let dy = -1; dy <= 1; dy++) {
          for (const j of index.get(`${cx + dx},${cy + dy}`) ?? []) {
            if (j === i) continue;
            const d = Math.hypot(points[j][0] - x, points[j][1] - y);
            if (d < best) {
              best = d;
              angle = Math.atan2(points[j][1] - y, points[j][0] - x);
            }
          }
        }
      }
      const folded = (angle + Math.PI) % Math.PI; // a direction and its opposite are the same axis
      bins[Math.min(11, Math.floor((folded / Math.PI) * 12))]++;
    });
    const mean = points.length / 12;
    for (const b of bins) expect(Math.abs(b - mean) / mean).toBeLessThan(0.15);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const domain = rectangleDomain(0, 0, 30, 20);
    const a = samplePoissonDisk(domain, { minDistanceMm: 0.8, rng: new Rng(11) });
    const b = samplePoissonDisk(domain, { minDistanceMm: 0.8, rng: new Rng(11) });
    const c = samplePoissonDisk(domain, { minDistanceMm: 0.8, rng: new Rng(12) });
    expect(Buffer.from(a.pointsMm.buffer).equals(Buffer.from(b.pointsMm.buffer))).toBe(true);
    expect(Buffer.from(a.pointsMm.buffer).equals(Buffer.from(c.pointsMm.buffer))).toBe(false);
  });

  it('seeds every separate piece of a region', () => {
    // Two 10 mm squares 30 mm apart, one domain: a single growing front could not cross the gap.
    const left = rectangleDomain(0, 0, 10, 10);
    const right = rectangleDomain(40, 0, 50, 10);
    const both = {
      minXMm: 0,
      minYMm: 0,
      maxXMm: 50,
      maxYMm: 10,
      classifySquare(x: number, y: number, s: number) {
        const a = left.classifySquare(x, y, s);
        const b = right.classifySquare(x, y, s);
        return a === 1 || b === 1 ? 1 : a === 2 || b === 2 ? 2 : 0;
      },
      contains: (x: number, y: number) => left.contains(x, y) || right.contains(x, y),
    } as const;
    const { pointsMm } = samplePoissonDisk(both, { minDistanceMm: 1, rng: new Rng(5) });
    const points = pairs(pointsMm);
    const inLeft = points.filter(([x]) => x < 10).length;
    const inRight = points.filter(([x]) => x >= 40).length;
    expect(inLeft).toBeGreaterThan(60);
    expect(inRight).toBeGreaterThan(60);
    expect(inLeft + inRight).toBe(points.length);
  });

  it('refuses a minimum distance that is not a positive number', () => {
    expect(() =>
      samplePoissonDisk(rectangleDomain(0, 0, 1, 1), { minDistanceMm: 0, rng: new Rng(1) }),
    ).toThrow(/positive/);
    expect(() =>
      samplePoissonDisk(rectangleDomain(0, 0, 1, 1), {
        minDistanceMm: Number.NaN,
        rng: new Rng(1),
      }),
    ).toThrow(/positive/);
  });
});
