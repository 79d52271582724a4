import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PointGrid } from '../src/geometry/pointGrid.js';

const coordinate = fc.double({ min: -20, max: 20, noNaN: true });
const cloud = fc.array(fc.tuple(coordinate, coordinate), { minLength: 0, maxLength: 60 });

describe('PointGrid', () => {
  it('visits exactly the points a full scan finds within the reach, with the same distances', () => {
    fc.assert(
      fc.property(
        cloud,
        coordinate,
        coordinate,
        fc.double({ min: 0, max: 15, noNaN: true }),
        fc.double({ min: 0.1, max: 8, noNaN: true }),
        (points, x, y, reach, cell) => {
          const grid = new PointGrid(Float64Array.from(points.flat()), cell);
          const seen = new Map<number, number>();
          grid.forEachWithin(x, y, reach, (index, distance) => seen.set(index, distance));
          const expected = new Map<number, number>();
          points.forEach(([px, py], index) => {
            const distance = Math.hypot(px - x, py - y);
            if (distance <= reach) expected.set(index, distance);
          });
          expect(new Map([...seen].sort((a, b) => a[0] - b[0]))).toEqual(
            new Map([...expected].sort((a, b) => a[0] - b[0])),
          );
        },
      ),
    );
  });

  it('finds the nearest point within the reach exactly, and +∞ when none lies there', () => {
    fc.assert(
      fc.property(
        cloud,
        coordinate,
        coordinate,
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0.1, max: 8, noNaN: true }),
        (points, x, y, reach, cell) => {
          const grid = new PointGrid(Float64Array.from(points.flat()), cell);
          const nearest = points.reduce(
            (best, [px, py]) => Math.min(best, Math.hypot(px - x, py - y)),
            Number.POSITIVE_INFINITY,
          );
          expect(grid.nearestWithinMm(x, y, reach)).toBe(
            nearest <= reach ? nearest : Number.POSITIVE_INFINITY,
          );
        },
      ),
    );
  });

  it('refuses a cell size that is not positive', () => {
    expect(() => new PointGrid(new Float64Array(2), 0)).toThrow(RangeError);
  });
});
