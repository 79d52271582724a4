import { RELATIVE_TOLERANCE, SCIPY_MAX_ITERATIONS, SCIPY_PROGRESS_EVERY } from './params.js';
import type { PeerSpec } from './python.js';
import { runPythonScript } from './python.js';

/** The two Python peers: SciPy's plain CG on the exported matrix, dolfinx on the exported problem. */

export const SCIPY: PeerSpec = {
  importCheck:
    'import scipy, numpy; print(f"SciPy {scipy.__version__}, NumPy {numpy.__version__}")',
  debianPackage: 'python3-scipy',
};

export const DOLFINX: PeerSpec = {
  importCheck:
    'import dolfinx, dolfinx.fem.petsc, ufl; from petsc4py import PETSc; ' +
    'print(f"dolfinx {dolfinx.__version__}, PETSc {\'.\'.join(map(str, PETSc.Sys.getVersion()))}")',
  debianPackage: 'python3-dolfinx',
};

/** What bench/python/scipy_cg.py reports. */
export interface ScipyReading {
  readonly scipyVersion: string;
  readonly unknowns: number;
  readonly storedEntries: number;
  readonly nonzeros: number;
  readonly readSeconds: number;
  readonly solveSeconds: number;
  readonly iterations: number;
  readonly info: number;
  readonly converged: boolean;
  readonly trueRelativeResidual: number;
  readonly peakRssKiB: number;
  readonly vmHwmKiB: number | null;
  readonly maxDifferenceToOurs?: number;
}

export type ScipyOutcome =
  | { readonly status: 'done'; readonly reading: ScipyReading }
  | {
      readonly status: 'stopped';
      readonly guardMs: number;
      /** Solve time reached by the last progress line: the solve took longer than this. */
      readonly lowerBoundSeconds: number;
      readonly iterations: number;
      readonly trueRelativeResidual: number;
      /** False when it was killed before its first progress line (e.g. still reading the files). */
      readonly progressSeen: boolean;
    }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

export function runScipy(dir: string, oursSolution: string, guardMs: number): ScipyOutcome {
  const run = runPythonScript(
    'scipy_cg.py',
    [
      dir,
      '--rtol',
      String(RELATIVE_TOLERANCE),
      '--maxiter',
      String(SCIPY_MAX_ITERATIONS),
      '--progress-every',
      String(SCIPY_PROGRESS_EVERY),
      '--compare',
      oursSolution,
    ],
    guardMs,
  );
  if (run.result) return { status: 'done', reading: run.result as unknown as ScipyReading };
  if (run.timedOut) {
    const progress = run.progress ?? {};
    return {
      status: 'stopped',
      guardMs,
      lowerBoundSeconds: Number(progress.seconds ?? 0),
      iterations: Number(progress.iteration ?? 0),
      trueRelativeResidual: Number(progress.trueRelativeResidual ?? Number.NaN),
      progressSeen: run.progress !== undefined,
    };
  }
  return { status: 'failed', reason: run.error ?? 'no result' };
}

/** What bench/python/dolfinx_elasticity.py reports. */
export interface DolfinxReading {
  readonly dolfinxVersion: string;
  readonly petscVersion: string;
  readonly unknowns: number;
  readonly nonzeros: number;
  readonly dirichletDofs: number;
  readonly importSeconds: number;
  readonly meshSeconds: number;
  readonly setupSeconds: number;
  readonly compileSeconds: number;
  readonly assemblySeconds: number;
  readonly pcSetupSeconds: number;
  readonly gamgLevels: number;
  readonly solveSeconds: number[];
  readonly iterations: number;
  readonly convergedReason: number;
  readonly trueRelativeResidual: number;
  readonly maxDisplacementMm: number;
  readonly strainEnergyNmm: number;
  readonly solutionWritten: boolean;
  readonly baselineRssKiB: number;
  readonly peakRssKiB: number;
  readonly vmHwmKiB: number | null;
}

export type DolfinxOutcome =
  | { readonly status: 'done'; readonly reading: DolfinxReading }
  | { readonly status: 'skipped' | 'failed'; readonly reason: string };

export function runDolfinx(dir: string, repeats: number, guardMs: number): DolfinxOutcome {
  const run = runPythonScript(
    'dolfinx_elasticity.py',
    [dir, '--rtol', String(RELATIVE_TOLERANCE), '--repeats', String(repeats)],
    guardMs,
  );
  if (run.result) return { status: 'done', reading: run.result as unknown as DolfinxReading };
  return { status: 'failed', reason: run.error ?? 'no result' };
}
