import type { Mesh, MeshQuality } from './types.js';

/** Element quality of a mesh: the smallest angle and the shape quality 4√3·A / Σ edge². */
export function meshQuality(mesh: Mesh): MeshQuality {
  const { nodesXY: p, triangles: t } = mesh;
  let minAngle = Math.PI;
  let sumQ = 0;
  let minQ = 1;
  for (let e = 0; e < mesh.triangleCount; e++) {
    const a = t[3 * e];
    const b = t[3 * e + 1];
    const c = t[3 * e + 2];
    const abx = p[2 * b] - p[2 * a];
    const aby = p[2 * b + 1] - p[2 * a + 1];
    const bcx = p[2 * c] - p[2 * b];
    const bcy = p[2 * c + 1] - p[2 * b + 1];
    const cax = p[2 * a] - p[2 * c];
    const cay = p[2 * a + 1] - p[2 * c + 1];
    const ab2 = abx * abx + aby * aby;
    const bc2 = bcx * bcx + bcy * bcy;
    const ca2 = cax * cax + cay * cay;
    const area = (abx * -cay - aby * -cax) / 2;
    const q = (4 * Math.sqrt(3) * area) / (ab2 + bc2 + ca2);
    sumQ += q;
    if (q < minQ) minQ = q;
    const angle = (u2: number, v2: number, w2: number) =>
      Math.acos(Math.min(1, Math.max(-1, (u2 + v2 - w2) / (2 * Math.sqrt(u2 * v2)))));
    minAngle = Math.min(minAngle, angle(ab2, ca2, bc2), angle(ab2, bc2, ca2), angle(bc2, ca2, ab2));
  }
  return {
    minAngleDeg: (minAngle * 180) / Math.PI,
    meanShapeQuality: sumQ / Math.max(1, mesh.triangleCount),
    minShapeQuality: minQ,
    triangleCount: mesh.triangleCount,
    nodeCount: mesh.nodeCount,
  };
}
