import { describe, expect, it } from 'vitest';
import { arrowExaggeration, decimateArrows, longestArrowMm } from '../src/prediction/arrows.js';

describe('displacement arrows', () => {
  // A 1 mm lattice over 0..30 × 0..20 mm, every node moving by (x/100, −y/100), the node at the
  // origin anchored (no motion).
  const nodes: number[] = [];
  const moves: number[] = [];
  for (let y = 0; y <= 20; y++) {
    for (let x = 0; x <= 30; x++) {
      nodes.push(x, y);
      moves.push(x / 100, -y / 100);
    }
  }
  const nodesXY = Float64Array.from(nodes);
  const displacement = Float64Array.from(moves);

  it('keeps one node per square, the one nearest its centre, with its own displacement', () => {
    const arrows = decimateArrows(nodesXY, displacement, 10);
    const seen = new Set<string>();
    for (let k = 0; k < arrows.length; k += 4) {
      const [x, y, ux, uy] = arrows.subarray(k, k + 4);
      const square = `${Math.floor(x / 10)},${Math.floor(y / 10)}`;
      expect(seen.has(square)).toBe(false);
      seen.add(square);
      expect(ux).toBe(x / 100);
      expect(uy).toBe(-y / 100);
      // The lattice has a node at each full square's centre (5, 15, 25 mm); the squares begun by
      // the last column (x = 30) and row (y = 20) hold only those, nearest at the centre's level.
      expect(x === 30 || x % 10 === 5).toBe(true);
      expect(y === 20 || y % 10 === 5).toBe(true);
    }
    expect(seen.size).toBe(3 * 2 + 3 + 2 + 1);
  });

  it('draws no arrow for an anchored node that does not move', () => {
    const arrows = decimateArrows(Float64Array.of(0.5, 0.5), Float64Array.of(0, 0), 1);
    expect(arrows.length).toBe(0);
    expect(() => decimateArrows(nodesXY, displacement, 0)).toThrow(RangeError);
  });

  it('lengthens arrows by a round factor that keeps the longest within the limit', () => {
    expect(arrowExaggeration(0.37, 10)).toBe(20); // 27× would fit; 20 is the round one below
    expect(arrowExaggeration(2, 10)).toBe(5);
    expect(arrowExaggeration(20, 10)).toBe(0.5);
    expect(arrowExaggeration(0, 10)).toBe(1);
    expect(longestArrowMm(Float64Array.of(0, 0, 3, 4, 1, 1, -6, 8))).toBe(10);
  });
});
