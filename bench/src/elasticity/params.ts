/** Fixed parameters of the elasticity benchmark: the problem, the sizes, the budgets. */

/** The benchmark's name: `--only` value, RESULTS.md marker id and child-process dispatch key. */
export const BENCHMARK_NAME = 'elasticity';

/** The domain: a 400 × 200 mm rectangle, as an interleaved polygon. */
export const RECTANGLE_MM: readonly number[] = [0, 0, 400, 0, 400, 200, 0, 200];

/** Skin-like isotropic material (MPa), thickness (mm) and a foundation of coupling length 40 mm. */
export const YOUNGS_MODULUS_MPA = 0.15;
export const POISSON_RATIO = 0.45;
export const THICKNESS_MM = 1.5;
export const COUPLING_LENGTH_MM = 40;
export const FOUNDATION_N_PER_MM3 = (YOUNGS_MODULUS_MPA * THICKNESS_MM) / COUPLING_LENGTH_MM ** 2;

/** Eigenstrain (−½φ, −½φ, 0) per element, φ a Gaussian bump of this height and width. */
export const BUMP_AMPLITUDE = 0.06;
export const BUMP_CENTRE_MM: readonly [number, number] = [200, 100];
export const BUMP_SIGMA_MM = 60;

/** Every solver stops at ‖b − A x‖₂ ≤ RELATIVE_TOLERANCE · ‖b‖₂ (zero initial guess). */
export const RELATIVE_TOLERANCE = 1e-8;

/** Solutions of ours and dolfinx must agree this well (max displacement, strain energy). */
export const AGREEMENT_TOLERANCE = 1e-3;

/**
 * A problem size: the coarse mesh size h0 is computed (see problem.ts) so that `refinements`
 * uniform refinements give the unknown count closest to `targetUnknowns`, with the coarsest level
 * (the multigrid's direct solve) at most MAX_COARSE_UNKNOWNS.
 */
export interface SizeSpec {
  readonly name: string;
  readonly targetUnknowns: number;
  readonly refinements: number;
}

const SIZE_65K: SizeSpec = { name: '~65 k', targetUnknowns: 65_000, refinements: 3 };
const SIZE_250K: SizeSpec = { name: '~250 k', targetUnknowns: 250_000, refinements: 4 };
const SIZE_1M: SizeSpec = { name: '~1 M', targetUnknowns: 1_000_000, refinements: 5 };

export const FULL_SIZES: readonly SizeSpec[] = [SIZE_250K, SIZE_1M];
/** `--quick`: the same pipeline, stopping at ~250 k unknowns, with single runs. */
export const QUICK_SIZES: readonly SizeSpec[] = [SIZE_65K, SIZE_250K];

export function sizesFor(quick: boolean): readonly SizeSpec[] {
  return quick ? QUICK_SIZES : FULL_SIZES;
}

export function sizeNamed(name: string): SizeSpec | undefined {
  return [SIZE_65K, SIZE_250K, SIZE_1M].find((s) => s.name === name);
}

/** Candidate coarse mesh sizes h0, mm: 10 to 16 in steps of 0.1. */
export const COARSE_SIZE_CANDIDATES_MM: readonly number[] = Array.from(
  { length: 61 },
  (_, k) => Math.round((10 + 0.1 * k) * 10) / 10,
);
export const MAX_COARSE_UNKNOWNS = 3000;

/** SciPy's cg: iteration cap, and the wall-clock guard after which its child is killed. */
export const SCIPY_MAX_ITERATIONS = 200_000;
/** The SciPy child prints its iteration count (and true residual) this often, for a lower bound. */
export const SCIPY_PROGRESS_EVERY = 1000;

export interface Budget {
  /** Timed solves of ours and of dolfinx (the same preconditioner reused). */
  readonly solveRepeats: number;
  /** The SciPy child is killed after this long; its time is then reported as a lower bound. */
  readonly scipyGuardMs: number;
  /** The other children (ours, dolfinx) are stopped after this long. */
  readonly childGuardMs: number;
  /** The macro simulation: untimed warm-up runs, then timed ones. */
  readonly macroWarmup: number;
  readonly macroTimed: number;
  readonly simulateWarmup: number;
  readonly simulateTimed: number;
}

export function budgetFor(quick: boolean): Budget {
  return quick
    ? {
        solveRepeats: 1,
        scipyGuardMs: 60_000,
        childGuardMs: 120_000,
        macroWarmup: 1,
        macroTimed: 3,
        simulateWarmup: 0,
        simulateTimed: 1,
      }
    : {
        solveRepeats: 3,
        scipyGuardMs: 8 * 60_000,
        childGuardMs: 5 * 60_000,
        macroWarmup: 1,
        macroTimed: 5,
        simulateWarmup: 1,
        simulateTimed: 3,
      };
}

/** Targets of the issue (reported PASS/FAIL; they never fail the run). */
export const MAX_DOLFINX_SOLVE_RATIO = 2;
export const MAX_MACRO_SOLVE_MS = 1000;

/** Debian's Python (the `python3` on PATH may be another one, without SciPy or dolfinx). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
