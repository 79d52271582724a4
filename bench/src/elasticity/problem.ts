import { type Mesh, meshPolygon, type PlaneStressProblem } from '@microcore/fem';
import {
  BUMP_AMPLITUDE,
  BUMP_CENTRE_MM,
  BUMP_SIGMA_MM,
  COARSE_SIZE_CANDIDATES_MM,
  FOUNDATION_N_PER_MM3,
  MAX_COARSE_UNKNOWNS,
  POISSON_RATIO,
  RECTANGLE_MM,
  type SizeSpec,
  THICKNESS_MM,
  YOUNGS_MODULUS_MPA,
} from './params.js';

/** The benchmark's plane-stress problem, the same for ours, SciPy (via its matrix) and dolfinx. */

export interface CoarseChoice {
  readonly coarseMeshMm: number;
  readonly coarseUnknowns: number;
  /** Unknowns of the finest level, predicted from the coarse mesh (exact for uniform refinement). */
  readonly predictedUnknowns: number;
}

/**
 * Uniform refinement adds one node per edge and splits each triangle in four. A triangulation of a
 * simply connected polygon has E = V + T − 1 edges (Euler), so the node count after each
 * refinement follows from the coarse mesh alone.
 */
export function predictFinestNodes(coarse: Mesh, refinements: number): number {
  let nodes = coarse.nodeCount;
  let triangles = coarse.triangleCount;
  for (let l = 0; l < refinements; l++) {
    nodes += nodes + triangles - 1;
    triangles *= 4;
  }
  return nodes;
}

/** The candidate h0 whose refined mesh is closest (in ratio) to the size's target unknown count. */
export function chooseCoarseMesh(size: SizeSpec): CoarseChoice {
  let best: CoarseChoice | undefined;
  for (const h0 of COARSE_SIZE_CANDIDATES_MM) {
    const coarse = meshPolygon(RECTANGLE_MM, [], { size: h0 });
    if (2 * coarse.nodeCount > MAX_COARSE_UNKNOWNS) continue;
    const choice: CoarseChoice = {
      coarseMeshMm: h0,
      coarseUnknowns: 2 * coarse.nodeCount,
      predictedUnknowns: 2 * predictFinestNodes(coarse, size.refinements),
    };
    const miss = (c: CoarseChoice) => Math.abs(Math.log(c.predictedUnknowns / size.targetUnknowns));
    if (!best || miss(choice) < miss(best)) best = choice;
  }
  if (!best) throw new Error(`no coarse mesh size gives ≤ ${MAX_COARSE_UNKNOWNS} coarse unknowns`);
  return best;
}

/** φ(x, y): the removed-fraction bump; the element eigenstrain is (−½φ, −½φ, 0) at the centroid. */
export function bump(x: number, y: number): number {
  const dx = x - BUMP_CENTRE_MM[0];
  const dy = y - BUMP_CENTRE_MM[1];
  return BUMP_AMPLITUDE * Math.exp(-(dx * dx + dy * dy) / (2 * BUMP_SIGMA_MM ** 2));
}

/** The problem on one level's mesh: material, eigenstrain, foundation, the boundary held at zero. */
export function problemAt(mesh: Mesh): PlaneStressProblem {
  const { nodesXY, triangles } = mesh;
  const eigenstrain = new Float64Array(3 * mesh.triangleCount);
  for (let e = 0; e < mesh.triangleCount; e++) {
    const a = triangles[3 * e];
    const b = triangles[3 * e + 1];
    const c = triangles[3 * e + 2];
    const cx = (nodesXY[2 * a] + nodesXY[2 * b] + nodesXY[2 * c]) / 3;
    const cy = (nodesXY[2 * a + 1] + nodesXY[2 * b + 1] + nodesXY[2 * c + 1]) / 3;
    const phi = bump(cx, cy);
    eigenstrain[3 * e] = -0.5 * phi;
    eigenstrain[3 * e + 1] = -0.5 * phi;
  }
  const nodes = dirichletNodes(mesh);
  const fixedDofs = new Int32Array(2 * nodes.length);
  for (let q = 0; q < nodes.length; q++) {
    fixedDofs[2 * q] = 2 * nodes[q];
    fixedDofs[2 * q + 1] = 2 * nodes[q] + 1;
  }
  return {
    mesh,
    thicknessMm: THICKNESS_MM,
    materials: [
      { kind: 'isotropic', youngsModulusMPa: YOUNGS_MODULUS_MPA, poissonRatio: POISSON_RATIO },
    ],
    eigenstrain,
    foundationNPerMm3: FOUNDATION_N_PER_MM3,
    fixedDofs,
  };
}

/** Every node on the outer boundary (both displacement components are held at zero). */
export function dirichletNodes(mesh: Mesh): Int32Array {
  const nodes: number[] = [];
  for (let n = 0; n < mesh.nodeCount; n++) if (mesh.boundaryNode[n] === 1) nodes.push(n);
  return Int32Array.from(nodes);
}
