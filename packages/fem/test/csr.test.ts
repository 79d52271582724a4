import { describe, expect, it } from 'vitest';
import { meshPolygon, NodeBlockPattern } from '../src/index.js';
import { circle, square } from './helpers.js';

describe('NodeBlockPattern', () => {
  it('lists each node’s neighbours (itself included) in node order, two columns per node', () => {
    // Two triangles over a square: 0-1-2 and 0-2-3; nodes 1 and 3 share no triangle.
    const pattern = new NodeBlockPattern(5, Uint32Array.of(0, 1, 2, 0, 2, 3));
    const list = (n: number) =>
      Array.from(
        pattern.neighbours.subarray(pattern.neighbourStart[n], pattern.neighbourStart[n + 1]),
      );
    expect([0, 1, 2, 3, 4].map(list)).toEqual([
      [0, 1, 2, 3],
      [0, 1, 2],
      [0, 1, 2, 3],
      [0, 2, 3],
      [4],
    ]);
    expect(Array.from(pattern.columns.subarray(pattern.rowStart[2], pattern.rowStart[3]))).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
    expect(pattern.slot(3, 2)).toBe(1);
    expect(() => pattern.slot(1, 3)).toThrow(/share no triangle/);
  });

  it('matches a plain set-based construction on a mesh with holes', () => {
    const mesh = meshPolygon(square(0, 0, 12, 8), [circle(6, 4, 2, 12)], { size: 0.7 });
    const pattern = new NodeBlockPattern(mesh.nodeCount, mesh.triangles);
    const sets = Array.from({ length: mesh.nodeCount }, (_, n) => new Set([n]));
    for (let t = 0; t < mesh.triangles.length; t += 3)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) sets[mesh.triangles[t + i]].add(mesh.triangles[t + j]);
    // Each triangle's slot table says where its nodes sit in each other's lists.
    for (let t = 0; t < mesh.triangleCount; t++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          expect(pattern.triangleSlots[9 * t + 3 * i + j]).toBe(
            pattern.slot(mesh.triangles[3 * t + i], mesh.triangles[3 * t + j]),
          );
    for (let n = 0; n < mesh.nodeCount; n++) {
      expect(
        Array.from(
          pattern.neighbours.subarray(pattern.neighbourStart[n], pattern.neighbourStart[n + 1]),
        ),
      ).toEqual([...sets[n]].sort((a, b) => a - b));
    }
  });
});
