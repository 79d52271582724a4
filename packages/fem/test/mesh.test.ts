import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meshPolygon, meshQuality, refineUniformly, triangleGeometry } from '../src/index.js';
import { circle, square } from './helpers.js';

function totalArea(mesh: ReturnType<typeof meshPolygon>): number {
  const g = new Float64Array(6);
  let sum = 0;
  for (let e = 0; e < mesh.triangleCount; e++) sum += triangleGeometry(mesh, e, g);
  return sum;
}

describe('meshPolygon', () => {
  it('covers a polygon with a hole exactly, with good triangles', () => {
    const hole = circle(0, 0, 1, 16);
    const mesh = meshPolygon(square(-5, -5, 5, 5), [hole], { size: 0.4 });
    const polygonHoleArea = 0.5 * 16 * Math.sin((2 * Math.PI) / 16);
    expect(totalArea(mesh)).toBeCloseTo(100 - polygonHoleArea, 9);
    const quality = meshQuality(mesh);
    expect(quality.minAngleDeg).toBeGreaterThan(20);
    expect(quality.meanShapeQuality).toBeGreaterThan(0.9);
    // No triangle inside the hole.
    for (let e = 0; e < mesh.triangleCount; e++) {
      let cx = 0;
      let cy = 0;
      for (let i = 0; i < 3; i++) {
        cx += mesh.nodesXY[2 * mesh.triangles[3 * e + i]] / 3;
        cy += mesh.nodesXY[2 * mesh.triangles[3 * e + i] + 1] / 3;
      }
      expect(Math.hypot(cx, cy)).toBeGreaterThan(0.99);
    }
  });

  it('grades element size with a size field', () => {
    const size = (x: number, y: number) => 0.1 + 0.1 * Math.hypot(x, y);
    const mesh = meshPolygon(square(-5, -5, 5, 5), [], { size });
    const g = new Float64Array(6);
    let nearArea = 0;
    let nearCount = 0;
    let farArea = 0;
    let farCount = 0;
    for (let e = 0; e < mesh.triangleCount; e++) {
      const a = triangleGeometry(mesh, e, g);
      const n = mesh.triangles[3 * e];
      const r = Math.hypot(mesh.nodesXY[2 * n], mesh.nodesXY[2 * n + 1]);
      if (r < 1) {
        nearArea += a;
        nearCount++;
      }
      if (r > 4) {
        farArea += a;
        farCount++;
      }
    }
    expect(farArea / farCount).toBeGreaterThan(4 * (nearArea / nearCount));
    expect(meshQuality(mesh).minAngleDeg).toBeGreaterThan(15);
  });

  it('meshes any convex polygon to its exact area', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 12 }),
        fc.double({ min: 2, max: 20, noNaN: true }),
        (sides, radius) => {
          const ring = circle(0, 0, radius, sides);
          const mesh = meshPolygon(ring, [], { size: radius / 6 });
          const exact = 0.5 * sides * radius * radius * Math.sin((2 * Math.PI) / sides);
          expect(totalArea(mesh)).toBeCloseTo(exact, 6);
          expect(meshQuality(mesh).minAngleDeg).toBeGreaterThan(10);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refines uniformly: four times the triangles, same area, parents at the edge ends', () => {
    const coarse = meshPolygon(square(0, 0, 4, 2), [], { size: 0.5 });
    const { fine, parents } = refineUniformly(coarse);
    expect(fine.triangleCount).toBe(4 * coarse.triangleCount);
    expect(totalArea(fine)).toBeCloseTo(totalArea(coarse), 10);
    for (let n = 0; n < fine.nodeCount; n++) {
      const a = parents[2 * n];
      const b = parents[2 * n + 1];
      expect(fine.nodesXY[2 * n]).toBeCloseTo(
        (coarse.nodesXY[2 * a] + coarse.nodesXY[2 * b]) / 2,
        12,
      );
    }
    // Boundary midpoints lie on the rectangle's edges; interior ones do not.
    for (let n = coarse.nodeCount; n < fine.nodeCount; n++) {
      const x = fine.nodesXY[2 * n];
      const y = fine.nodesXY[2 * n + 1];
      const onEdge =
        Math.abs(x) < 1e-12 ||
        Math.abs(x - 4) < 1e-12 ||
        Math.abs(y) < 1e-12 ||
        Math.abs(y - 2) < 1e-12;
      expect(fine.boundaryNode[n] === 1).toBe(onEdge);
    }
  });
});
