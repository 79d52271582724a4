import type { Mesh } from '../mesh/types.js';
import { conjugateGradient } from '../solve/pcg.js';
import { SparseCholesky } from '../solve/sparseCholesky.js';
import { type CsrMatrix, NodeBlockPattern } from '../sparse/csr.js';
import { nestedDissectionOrder } from '../sparse/nestedDissection.js';
import { applyDirichlet, triangleGeometry } from './planeStress.js';

/**
 * A compressible neo-Hookean sheet in plane stress, for strains where a linear material is wrong
 * (tens of per cent). Strain energy per reference volume (Ogden's form):
 *
 *   W = μ/2 (I₁ − 3) − μ ln J + λ/2 (ln J)²,   μ, λ the Lamé constants of the small-strain E, ν
 *
 * so it equals the linear material for small strains. Plane stress: the sheet is free to thin,
 * S₃₃ = 0 fixes the through-thickness C₃₃ at every point (a scalar Newton solve), and eliminating
 * it gives the in-plane 2nd Piola–Kirchhoff stress and tangent
 *
 *   S = μ (I − C⁻¹) + λ ln J C⁻¹,   ℂ = λ̂ C⁻¹ ⊗ C⁻¹ + 2 (μ − λ ln J) 𝕀_{C⁻¹},   λ̂ = 2λμC₃₃ / (2μC₃₃ + λ)
 *
 * (λ̂ → the plane-stress 2λμ/(λ + 2μ) at small strain). Total Lagrangian, linear triangles
 * (constant F per element); loads are dead (nominal) forces. Newton's method; each step's tangent
 * system is solved by CG preconditioned with a sparse Cholesky factor of an earlier tangent (the
 * first, refreshed when CG needs many iterations): the tangent changes little between steps, and
 * a factorisation costs as much as ~15 CG iterations with it.
 */
export interface NeoHookeanMaterial {
  readonly youngsModulusMPa: number;
  readonly poissonRatio: number;
}

export interface HyperelasticProblem {
  readonly mesh: Mesh;
  readonly thicknessMm: number;
  readonly material: NeoHookeanMaterial;
  /** Dead forces at the nodes, N, interleaved x, y (e.g. edge tractions on the reference edges). */
  readonly nodalForcesN: Float64Array;
  readonly fixedDofs: Int32Array;
  readonly fixedValuesMm: Float64Array;
}

export interface HyperelasticResult {
  readonly displacementMm: Float64Array;
  readonly newtonSteps: number;
  /** ‖f_ext − f_int‖₂ on the free dofs ÷ ‖f_ext‖₂ at the end. */
  readonly relativeResidual: number;
  /** Cholesky factorisations and CG iterations over all the steps. */
  readonly factorisations: number;
  readonly cgIterations: number;
}

/** The state of one material point: in-plane S (S11, S22, S12), tangent D (3×3, Voigt with 2E12), C₃₃. */
export interface NeoHookeanPoint {
  readonly stress: Float64Array;
  readonly tangent: Float64Array;
  c33: number;
}

export function lameConstants(material: NeoHookeanMaterial): { mu: number; lambda: number } {
  const { youngsModulusMPa: e, poissonRatio: nu } = material;
  if (!(e > 0) || !(nu > -1 && nu < 0.5))
    throw new RangeError('neo-Hookean material needs E > 0 and −1 < ν < 0.5');
  return { mu: e / (2 * (1 + nu)), lambda: (e * nu) / ((1 + nu) * (1 - 2 * nu)) };
}

/**
 * S and ℂ for the in-plane right Cauchy–Green tensor (c11, c22, c12), written into `point`.
 * Throws when the deformation inverts the material (det C ≤ 0).
 */
export function neoHookeanPoint(
  mu: number,
  lambda: number,
  c11: number,
  c22: number,
  c12: number,
  point: NeoHookeanPoint,
): void {
  const det = c11 * c22 - c12 * c12;
  if (!(det > 0)) throw new RangeError('the deformation inverts an element (det C ≤ 0)');
  const lnDet = Math.log(det);
  // S₃₃ = 0: μ(C₃₃ − 1) + λ/2 (ln det + ln C₃₃) = 0, increasing and convex in x = ln C₃₃.
  let x = Math.log(point.c33 > 0 ? point.c33 : 1);
  for (let k = 0; k < 50; k++) {
    const ex = Math.exp(x);
    const g = mu * (ex - 1) + 0.5 * lambda * (lnDet + x);
    const step = g / (mu * ex + 0.5 * lambda);
    x -= step;
    if (Math.abs(step) < 1e-14) break;
  }
  const c33 = Math.exp(x);
  point.c33 = c33;
  const lnJ = 0.5 * (lnDet + x);
  const a11 = c22 / det;
  const a22 = c11 / det;
  const a12 = -c12 / det;
  const s = point.stress;
  s[0] = mu * (1 - a11) + lambda * lnJ * a11;
  s[1] = mu * (1 - a22) + lambda * lnJ * a22;
  s[2] = -mu * a12 + lambda * lnJ * a12;
  const lh = (2 * lambda * mu * c33) / (2 * mu * c33 + lambda);
  const m = mu - lambda * lnJ;
  const d = point.tangent;
  d[0] = lh * a11 * a11 + 2 * m * a11 * a11;
  d[1] = lh * a11 * a22 + 2 * m * a12 * a12;
  d[2] = lh * a11 * a12 + 2 * m * a11 * a12;
  d[4] = lh * a22 * a22 + 2 * m * a22 * a22;
  d[5] = lh * a22 * a12 + 2 * m * a12 * a22;
  d[8] = lh * a12 * a12 + m * (a11 * a22 + a12 * a12);
  d[3] = d[1];
  d[6] = d[2];
  d[7] = d[5];
}

/** A fresh material point at rest (C₃₃ = 1). */
export function restingPoint(): NeoHookeanPoint {
  return { stress: new Float64Array(3), tangent: new Float64Array(9), c33: 1 };
}

/**
 * Per element: the deformation gradient F (F11, F12, F21, F22) of displacement u, written into
 * `out` (4 per element).
 */
export function elementDeformationGradients(
  mesh: Mesh,
  displacementMm: Float64Array,
  out = new Float64Array(4 * mesh.triangleCount),
): Float64Array {
  const grad = new Float64Array(6);
  for (let e = 0; e < mesh.triangleCount; e++) {
    triangleGeometry(mesh, e, grad);
    let f11 = 1;
    let f12 = 0;
    let f21 = 0;
    let f22 = 1;
    for (let i = 0; i < 3; i++) {
      const n = mesh.triangles[3 * e + i];
      const u = displacementMm[2 * n];
      const v = displacementMm[2 * n + 1];
      f11 += grad[i] * u;
      f12 += grad[3 + i] * u;
      f21 += grad[i] * v;
      f22 += grad[3 + i] * v;
    }
    out[4 * e] = f11;
    out[4 * e + 1] = f12;
    out[4 * e + 2] = f21;
    out[4 * e + 3] = f22;
  }
  return out;
}

/** The larger principal stretch of an in-plane F: √(largest eigenvalue of FᵀF). */
export function largestPrincipalStretch(
  f11: number,
  f12: number,
  f21: number,
  f22: number,
): number {
  const c11 = f11 * f11 + f21 * f21;
  const c22 = f12 * f12 + f22 * f22;
  const c12 = f11 * f12 + f21 * f22;
  return Math.sqrt((c11 + c22) / 2 + Math.sqrt(((c11 - c22) / 2) ** 2 + c12 * c12));
}

export interface NewtonOptions {
  /** Stop when the residual force ≤ this × the load (relative, 2-norm). */
  readonly relativeTolerance?: number;
  readonly maxSteps?: number;
  /** Start from this displacement (with the prescribed values in place), e.g. the linear solution. */
  readonly initialGuess?: Float64Array;
}

/** Solve a neo-Hookean plane-stress problem by Newton's method with a sparse direct solve per step. */
export function solveNeoHookean(
  problem: HyperelasticProblem,
  options: NewtonOptions = {},
): HyperelasticResult {
  const { mesh, thicknessMm: thickness } = problem;
  if (!(thickness > 0)) throw new RangeError('thickness must be positive');
  const { mu, lambda } = lameConstants(problem.material);
  const tolerance = options.relativeTolerance ?? 1e-9;
  const maxSteps = options.maxSteps ?? 30;
  const pattern = new NodeBlockPattern(mesh.nodeCount, mesh.triangles);
  const size = 2 * mesh.nodeCount;
  const u = options.initialGuess ? Float64Array.from(options.initialGuess) : new Float64Array(size);
  for (let q = 0; q < problem.fixedDofs.length; q++)
    u[problem.fixedDofs[q]] = problem.fixedValuesMm[q];
  const fixed = new Uint8Array(size);
  for (const dof of problem.fixedDofs) fixed[dof] = 1;
  let loadSquared = 0;
  for (let i = 0; i < size; i++) if (!fixed[i]) loadSquared += problem.nodalForcesN[i] ** 2;
  const loadNorm = Math.sqrt(loadSquared) || 1;

  // Each element keeps its C₃₃ between steps (the next solve's start).
  const c33 = new Float64Array(mesh.triangleCount).fill(1);
  const geometry = new Float64Array(7 * mesh.triangleCount); // area, 6 gradients
  const grad = new Float64Array(6);
  for (let e = 0; e < mesh.triangleCount; e++) {
    geometry[7 * e] = triangleGeometry(mesh, e, grad);
    geometry.set(grad, 7 * e + 1);
  }
  const f = new Float64Array(4 * mesh.triangleCount);
  const values = new Float64Array(pattern.columns.length);
  const residual = new Float64Array(size);
  const matrix: CsrMatrix = {
    size,
    rowStart: pattern.rowStart,
    columns: pattern.columns,
    values,
  };
  const zeros = new Float64Array(problem.fixedDofs.length);
  let factor: SparseCholesky | undefined;
  let factorisations = 0;
  let cgIterations = 0;
  let relativeResidual = Number.POSITIVE_INFINITY;
  let steps = 0;

  for (;;) {
    // Internal forces and tangent at u.
    elementDeformationGradients(mesh, u, f);
    values.fill(0);
    residual.set(problem.nodalForcesN);
    assembleElements(mesh, thickness, mu, lambda, geometry, f, c33, pattern, values, residual);
    let norm = 0;
    for (let i = 0; i < size; i++) if (!fixed[i]) norm += residual[i] * residual[i];
    relativeResidual = Math.sqrt(norm) / loadNorm;
    if (relativeResidual <= tolerance) break;
    if (steps >= maxSteps)
      throw new Error(
        `neo-Hookean Newton did not converge in ${maxSteps} steps (residual ${relativeResidual.toExponential(2)})`,
      );
    // K Δu = r with Δu = 0 at the prescribed dofs, solved inexactly (a forcing term in the
    // manner of Eisenstat and Walker): to a tenth of the current residual while far from the
    // solution (at most 1e-2), never tighter than what still reaches the target in one step.
    const fixedMask = new Uint8Array(size);
    applyDirichlet(matrix, residual, fixedMask, problem.fixedDofs, zeros);
    if (!factor) {
      factor = new SparseCholesky(matrix, nestedDissectionOrder(matrix, mesh.nodesXY));
      factorisations++;
    }
    const inner = Math.max(
      Math.min(0.1 * relativeResidual, 1e-2),
      (0.5 * tolerance) / relativeResidual,
      1e-12,
    );
    let result = conjugateGradient(matrix, residual, choleskyPreconditioner(factor), {
      relativeTolerance: inner,
      maxIterations: REFACTOR_AFTER_ITERATIONS,
    });
    if (!result.converged) {
      // The tangent has moved far from the factor's: factor this one (same pattern, so the
      // symbolic analysis is reused).
      factor = factor.refactor(matrix);
      factorisations++;
      result = conjugateGradient(matrix, residual, choleskyPreconditioner(factor), {
        relativeTolerance: inner,
      });
    }
    cgIterations += result.iterations;
    const delta = result.solution;
    for (let i = 0; i < size; i++) u[i] += delta[i];
    steps++;
  }
  return {
    displacementMm: u,
    newtonSteps: steps,
    relativeResidual,
    factorisations,
    cgIterations,
  };
}

/**
 * Adds every element's internal force (to `residual`, negated) and tangent stiffness (to
 * `values`, in `pattern`'s slots) at deformation gradients `f`, updating each element's C₃₃.
 * Its own function: V8 optimises a short function with one loop quickly, and the Newton loop
 * around it (run once per step) need not be.
 */
function assembleElements(
  mesh: Mesh,
  thickness: number,
  mu: number,
  lambda: number,
  geometry: Float64Array,
  f: Float64Array,
  c33: Float64Array,
  pattern: NodeBlockPattern,
  values: Float64Array,
  residual: Float64Array,
): void {
  const point = restingPoint(); // one scratch point for all elements
  const b = new Float64Array(18);
  const db = new Float64Array(18);
  for (let e = 0; e < mesh.triangleCount; e++) {
    const f11 = f[4 * e];
    const f12 = f[4 * e + 1];
    const f21 = f[4 * e + 2];
    const f22 = f[4 * e + 3];
    point.c33 = c33[e];
    neoHookeanPoint(
      mu,
      lambda,
      f11 * f11 + f21 * f21,
      f12 * f12 + f22 * f22,
      f11 * f12 + f21 * f22,
      point,
    );
    c33[e] = point.c33;
    const scale = thickness * geometry[7 * e];
    // B_L (3×6): δE = sym(Fᵀ ∇δu), rows E11, E22, 2E12; columns u1, v1, u2, v2, u3, v3.
    for (let i = 0; i < 3; i++) {
      const gx = geometry[7 * e + 1 + i];
      const gy = geometry[7 * e + 4 + i];
      b[2 * i] = f11 * gx;
      b[2 * i + 1] = f21 * gx;
      b[6 + 2 * i] = f12 * gy;
      b[6 + 2 * i + 1] = f22 * gy;
      b[12 + 2 * i] = f11 * gy + f12 * gx;
      b[12 + 2 * i + 1] = f21 * gy + f22 * gx;
    }
    const d = point.tangent;
    const s = point.stress;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 6; c++)
        db[6 * r + c] = d[3 * r] * b[c] + d[3 * r + 1] * b[6 + c] + d[3 * r + 2] * b[12 + c];
    }
    for (let i = 0; i < 3; i++) {
      const ni = mesh.triangles[3 * e + i];
      const gxi = geometry[7 * e + 1 + i];
      const gyi = geometry[7 * e + 4 + i];
      for (let ri = 0; ri < 2; ri++) {
        const row = 2 * i + ri;
        residual[2 * ni + ri] -= scale * (b[row] * s[0] + b[6 + row] * s[1] + b[12 + row] * s[2]);
        const rowBase = pattern.rowStart[2 * ni + ri];
        for (let j = 0; j < 3; j++) {
          const gxj = geometry[7 * e + 1 + j];
          const gyj = geometry[7 * e + 4 + j];
          // Geometric stiffness: ∇N_iᵀ S ∇N_j on the diagonal of each 2×2 block.
          const geometric = gxi * (s[0] * gxj + s[2] * gyj) + gyi * (s[2] * gxj + s[1] * gyj);
          const slot = pattern.triangleSlots[9 * e + 3 * i + j];
          for (let cj = 0; cj < 2; cj++) {
            const col = 2 * j + cj;
            let kij = b[row] * db[col] + b[6 + row] * db[6 + col] + b[12 + row] * db[12 + col];
            if (ri === cj) kij += geometric;
            values[rowBase + 2 * slot + cj] += scale * kij;
          }
        }
      }
    }
  }
}

/** CG iterations with a stale factor beyond which a fresh factorisation is cheaper. */
const REFACTOR_AFTER_ITERATIONS = 25;

function choleskyPreconditioner(factor: SparseCholesky) {
  return { apply: (r: Float64Array, out: Float64Array) => factor.solve(r, out) };
}

/**
 * The homogeneous deformation of an unbounded sheet under a uniform in-plane stress (σ11, σ22,
 * σ12): the stretch U (U11, U22, U12; no rotation) at which the sheet carries it, and the nominal
 * (1st Piola–Kirchhoff) stress P = U·S(U) to apply as dead tractions on the undeformed edges to
 * hold it. `measure` says what the given stress is: 'cauchy' (true stress in the stretched,
 * thinned sheet, σ = U S U / J, J = det U · √C₃₃ — what in-vivo tension measurements report) or
 * 'nominal' (P itself). Newton's method on the three components (finite-difference Jacobian).
 */
export function homogeneousState(
  material: NeoHookeanMaterial,
  stress: readonly [number, number, number],
  measure: 'cauchy' | 'nominal',
): { stretch: [number, number, number]; nominal: [number, number, number] } {
  const { mu, lambda } = lameConstants(material);
  const point = restingPoint();
  const evaluate = (u: readonly number[]) => {
    const [u11, u22, u12] = u;
    neoHookeanPoint(
      mu,
      lambda,
      u11 * u11 + u12 * u12,
      u22 * u22 + u12 * u12,
      u12 * (u11 + u22),
      point,
    );
    const [s11, s22, s12] = point.stress;
    // P = U S, symmetric when S is coaxial with U (isotropic material).
    const p11 = u11 * s11 + u12 * s12;
    const p22 = u12 * s12 + u22 * s22;
    const p12 = (u11 * s12 + u12 * s22 + u12 * s11 + u22 * s12) / 2;
    if (measure === 'nominal') return { given: [p11, p22, p12], nominal: [p11, p22, p12] };
    // σ = P Uᵀ / J.
    const j = (u11 * u22 - u12 * u12) * Math.sqrt(point.c33);
    const given = [
      (p11 * u11 + p12 * u12) / j,
      (p12 * u12 + p22 * u22) / j,
      (p11 * u12 + p12 * u22) / j,
    ];
    return { given, nominal: [p11, p22, p12] };
  };
  let u = [1, 1, 0];
  for (let k = 0; k < 50; k++) {
    const r = evaluate(u).given.map((v, i) => v - stress[i]);
    if (Math.hypot(...r) < 1e-14 * (Math.hypot(...stress) + mu)) break;
    const h = 1e-7;
    const jacobian = [0, 1, 2].map((c) => {
      const shifted = [...u];
      shifted[c] += h;
      return evaluate(shifted).given.map((v, i) => (v - stress[i] - r[i]) / h);
    });
    // Solve J Δ = −r (jacobian[c] is column c) by Cramer's rule.
    const det3 = (m: number[][]) =>
      m[0][0] * (m[1][1] * m[2][2] - m[2][1] * m[1][2]) -
      m[1][0] * (m[0][1] * m[2][2] - m[2][1] * m[0][2]) +
      m[2][0] * (m[0][1] * m[1][2] - m[1][1] * m[0][2]);
    const det = det3(jacobian);
    const step = [0, 1, 2].map(
      (c) => det3(jacobian.map((column, cc) => (cc === c ? r.map((v) => -v) : column))) / det,
    );
    u = u.map((v, i) => v + step[i]);
  }
  const nominal = evaluate(u).nominal;
  return {
    stretch: [u[0], u[1], u[2]],
    nominal: [nominal[0], nominal[1], nominal[2]],
  };
}

/** The stretch U (U11, U22, U12) of a sheet under a uniform dead nominal stress P (P11, P22, P12). */
export function homogeneousStretch(
  material: NeoHookeanMaterial,
  p11: number,
  p22: number,
  p12: number,
): [number, number, number] {
  return homogeneousState(material, [p11, p22, p12], 'nominal').stretch;
}
