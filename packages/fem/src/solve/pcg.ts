import { type CsrMatrix, multiply } from '../sparse/csr.js';

/** z ≈ A⁻¹ r. Must be symmetric positive definite for CG. */
export interface Preconditioner {
  apply(residual: Float64Array, out: Float64Array): void;
}

export interface CgOptions {
  /** Stop when ‖b − A x‖₂ ≤ relativeTolerance · ‖b‖₂. */
  readonly relativeTolerance?: number;
  readonly maxIterations?: number;
  readonly initialGuess?: Float64Array;
  /** Called after each iteration with the relative residual; return false to stop early. */
  readonly onIteration?: (iteration: number, relativeResidual: number) => boolean | undefined;
}

export interface CgResult {
  readonly solution: Float64Array;
  readonly iterations: number;
  readonly relativeResidual: number;
  readonly converged: boolean;
}

/**
 * Preconditioned conjugate gradients (Hestenes–Stiefel). The stopping test uses the residual as CG
 * updates it (r −= αAp), equal to b − Ax in exact arithmetic; the benchmarks recompute the true one.
 */
export function conjugateGradient(
  a: CsrMatrix,
  b: Float64Array,
  preconditioner: Preconditioner | undefined,
  options: CgOptions = {},
): CgResult {
  const n = a.size;
  const tolerance = options.relativeTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 10 * n;
  const x = options.initialGuess ? Float64Array.from(options.initialGuess) : new Float64Array(n);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  multiply(a, x, q);
  for (let i = 0; i < n; i++) r[i] = b[i] - q[i];
  const bNorm = Math.sqrt(dot(b, b)) || 1;
  let residual = Math.sqrt(dot(r, r)) / bNorm;
  if (residual <= tolerance)
    return { solution: x, iterations: 0, relativeResidual: residual, converged: true };
  if (preconditioner) preconditioner.apply(r, z);
  else z.set(r);
  p.set(z);
  let rz = dot(r, z);
  let iteration = 0;
  while (iteration < maxIterations) {
    iteration++;
    multiply(a, p, q);
    const alpha = rz / dot(p, q);
    residual = Math.sqrt(step(x, r, p, q, alpha)) / bNorm;
    if (options.onIteration?.(iteration, residual) === false) break;
    if (residual <= tolerance) break;
    if (preconditioner) preconditioner.apply(r, z);
    else z.set(r);
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    nextDirection(p, z, beta);
  }
  return {
    solution: x,
    iterations: iteration,
    relativeResidual: residual,
    converged: residual <= tolerance,
  };
}

// The loops of an iteration are small functions of their own: V8 keeps them optimised when
// conjugateGradient itself is de-optimised (a first call meets a new preconditioner's shape or
// call target once per kind of solve), so the vectors' work never falls back to the interpreter.

/** x += α p, r −= α q; returns ‖r‖². */
function step(
  x: Float64Array,
  r: Float64Array,
  p: Float64Array,
  q: Float64Array,
  alpha: number,
): number {
  let rr = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] += alpha * p[i];
    r[i] -= alpha * q[i];
    rr += r[i] * r[i];
  }
  return rr;
}

/** p = z + β p. */
function nextDirection(p: Float64Array, z: Float64Array, beta: number): void {
  for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}
