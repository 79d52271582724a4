import type { Mesh } from './types.js';

/** A mesh refined once, with what multigrid needs to move between the two levels. */
export interface Refinement {
  readonly fine: Mesh;
  /**
   * For each fine node, the two coarse nodes it is the mean of (a coarse node is the mean of
   * itself twice): linear interpolation from the coarse mesh is exact on these nested meshes.
   */
  readonly parents: Uint32Array;
}

/**
 * Split every triangle into four at its edge midpoints. Nested meshes like these make geometric
 * multigrid simple and exact, and keep a polygonal domain's boundary exactly.
 */
export function refineUniformly(coarse: Mesh): Refinement {
  const { nodesXY, triangles, nodeCount, triangleCount } = coarse;
  const midpoint = new Map<number, number>();
  const xy: number[] = Array.from(nodesXY);
  const parents: number[] = [];
  for (let k = 0; k < nodeCount; k++) parents.push(k, k);
  const edgeUse = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * nodeCount + b : b * nodeCount + a);
  for (let t = 0; t < triangleCount; t++) {
    for (let s = 0; s < 3; s++) {
      const k = key(triangles[3 * t + s], triangles[3 * t + ((s + 1) % 3)]);
      edgeUse.set(k, (edgeUse.get(k) ?? 0) + 1);
    }
  }
  const boundary: number[] = Array.from(coarse.boundaryNode);
  const mid = (a: number, b: number): number => {
    const k = key(a, b);
    let m = midpoint.get(k);
    if (m === undefined) {
      m = xy.length / 2;
      xy.push((nodesXY[2 * a] + nodesXY[2 * b]) / 2, (nodesXY[2 * a + 1] + nodesXY[2 * b + 1]) / 2);
      parents.push(a, b);
      boundary.push(edgeUse.get(k) === 1 ? 1 : 0); // an edge of one triangle lies on the boundary
      midpoint.set(k, m);
    }
    return m;
  };
  const fineTriangles = new Uint32Array(12 * triangleCount);
  for (let t = 0; t < triangleCount; t++) {
    const a = triangles[3 * t];
    const b = triangles[3 * t + 1];
    const c = triangles[3 * t + 2];
    const ab = mid(a, b);
    const bc = mid(b, c);
    const ca = mid(c, a);
    fineTriangles.set([a, ab, ca, ab, b, bc, ca, bc, c, ab, bc, ca], 12 * t);
  }
  const fineCount = xy.length / 2;
  return {
    fine: {
      nodesXY: Float64Array.from(xy),
      triangles: fineTriangles,
      nodeCount: fineCount,
      triangleCount: 4 * triangleCount,
      boundaryNode: Uint8Array.from(boundary),
    },
    parents: Uint32Array.from(parents),
  };
}
