import {
  type AssembledSystem,
  assemblePlaneStress,
  type PlaneStressProblem,
} from '../elasticity/planeStress.js';
import { refineUniformly } from '../mesh/refine.js';
import type { Mesh } from '../mesh/types.js';
import { GeometricMultigrid } from './multigrid.js';

export interface MeshHierarchy {
  /** Coarsest first; each the uniform refinement of the one before. */
  readonly meshes: readonly Mesh[];
  readonly parents: readonly Uint32Array[];
}

export function refineRepeatedly(coarse: Mesh, refinements: number): MeshHierarchy {
  const meshes = [coarse];
  const parents: Uint32Array[] = [];
  for (let l = 0; l < refinements; l++) {
    const { fine, parents: p } = refineUniformly(meshes[meshes.length - 1]);
    meshes.push(fine);
    parents.push(p);
  }
  return { meshes, parents };
}

/**
 * Assemble the same physical problem on every level of a hierarchy (`problemAt` builds it for a
 * level's mesh: same materials, loads and anchors) and a multigrid preconditioner over them.
 */
export function multigridSystem(
  hierarchy: MeshHierarchy,
  problemAt: (mesh: Mesh, level: number) => PlaneStressProblem,
  sweeps = 1,
): { finest: AssembledSystem; problem: PlaneStressProblem; preconditioner: GeometricMultigrid } {
  const problems = hierarchy.meshes.map((mesh, level) => problemAt(mesh, level));
  const systems = problems.map(assemblePlaneStress);
  const preconditioner = new GeometricMultigrid(
    systems.map((s) => ({ matrix: s.matrix, fixed: s.fixed })),
    hierarchy.parents,
    sweeps,
  );
  return {
    finest: systems[systems.length - 1],
    problem: problems[problems.length - 1],
    preconditioner,
  };
}
