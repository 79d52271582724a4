import {
  assemblePlaneStress,
  conjugateGradient,
  JacobiPreconditioner,
  type Mesh,
  type PlaneStressProblem,
} from '../src/index.js';

export const STEEL_LIKE = { kind: 'isotropic', youngsModulusMPa: 1000, poissonRatio: 0.3 } as const;

/** Solve a problem with Jacobi-preconditioned CG to a tight tolerance. */
export function solveDirect(problem: PlaneStressProblem): Float64Array {
  const system = assemblePlaneStress(problem);
  const result = conjugateGradient(
    system.matrix,
    system.rhs,
    new JacobiPreconditioner(system.matrix),
    {
      relativeTolerance: 1e-12,
    },
  );
  if (!result.converged) throw new Error(`CG did not converge: ${result.relativeResidual}`);
  return result.solution;
}

/** Dofs and values prescribing u(x, y) at the nodes for which `where` holds. */
export function prescribe(
  mesh: Mesh,
  where: (node: number, x: number, y: number) => boolean,
  u: (x: number, y: number) => readonly [number, number],
): { fixedDofs: Int32Array; fixedValuesMm: Float64Array } {
  const dofs: number[] = [];
  const values: number[] = [];
  for (let n = 0; n < mesh.nodeCount; n++) {
    const x = mesh.nodesXY[2 * n];
    const y = mesh.nodesXY[2 * n + 1];
    if (!where(n, x, y)) continue;
    const [ux, uy] = u(x, y);
    dofs.push(2 * n, 2 * n + 1);
    values.push(ux, uy);
  }
  return { fixedDofs: Int32Array.from(dofs), fixedValuesMm: Float64Array.from(values) };
}

export function square(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

export function circle(cx: number, cy: number, r: number, segments: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < segments; k++) {
    const a = (2 * Math.PI * k) / segments;
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return out;
}
