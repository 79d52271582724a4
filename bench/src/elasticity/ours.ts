import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  assemblePlaneStress,
  conjugateGradient,
  meshPolygon,
  multigridSystem,
  multiply,
  refineRepeatedly,
} from '@microcore/fem';
import { writeMatrixMarket, writeProblem } from './exchange.js';
import { BENCHMARK_NAME, RECTANGLE_MM, RELATIVE_TOLERANCE, sizeNamed } from './params.js';
import { chooseCoarseMesh, dirichletNodes, problemAt } from './problem.js';

/**
 * Our solver, in a child Node process per size (`run.js --memory-child elasticity SIZE DIR
 * REPEATS`): it builds the system, solves it, reads its own peak RSS (a fresh process, so the
 * figure is this problem's alone, comparable to the Python children's), then leaves the system
 * and the problem in DIR for SciPy and dolfinx. Prints one JSON line.
 */

export interface OursReading {
  readonly coarseMeshMm: number;
  readonly refinements: number;
  /** Unknowns per level, coarsest first. */
  readonly levelUnknowns: number[];
  readonly predictedUnknowns: number;
  readonly nodes: number;
  readonly triangles: number;
  readonly unknowns: number;
  /** Stored entries of the finest CSR matrix (what the MatrixMarket file lists). */
  readonly nonzeros: number;
  readonly dirichletNodes: number;
  /** meshPolygon + refineRepeatedly. */
  readonly meshMs: number;
  /** multigridSystem: assembly on every level and the multigrid set-up (coarse Cholesky). */
  readonly setupMs: number;
  /** assemblePlaneStress on the finest level alone, timed once more after the solves. */
  readonly finestAssemblyMs: number;
  /** Each timed conjugateGradient call (the same system and preconditioner). */
  readonly solveMs: number[];
  readonly iterations: number;
  readonly converged: boolean;
  /** As CG reports it (its updated residual), and recomputed as ‖b − A x‖₂ / ‖b‖₂. */
  readonly cgRelativeResidual: number;
  readonly trueRelativeResidual: number;
  readonly maxDisplacementMm: number;
  /** ½ uᵀ K u, N·mm. */
  readonly strainEnergyNmm: number;
  /** maxRSS right after the modules loaded, and after the solves (before the export). */
  readonly baselineRssKiB: number;
  readonly peakRssKiB: number;
  readonly vmHwmKiB: number | null;
  /** Writing the exchange files (not part of any comparison). */
  readonly exportMs: number;
}

export type ChildOutcome<T> =
  | { readonly ok: true; readonly reading: T }
  | { readonly ok: false; readonly error: string };

export function runOursInChild(
  entryFile: string,
  sizeName: string,
  dir: string,
  repeats: number,
  timeoutMs: number,
): ChildOutcome<OursReading> {
  const child = spawnSync(
    process.execPath,
    [entryFile, '--memory-child', BENCHMARK_NAME, sizeName, dir, String(repeats)],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 ** 2 },
  );
  if (child.error) return { ok: false, error: child.error.message };
  if (child.status !== 0) {
    const lines = child.stderr.trim().split('\n');
    const message = lines.find((l) => /Error\b/.test(l)) ?? lines.pop() ?? '';
    return { ok: false, error: `exit ${child.status ?? child.signal}: ${message.trim()}` };
  }
  const lastLine = child.stdout.trim().split('\n').pop() ?? '';
  return { ok: true, reading: JSON.parse(lastLine) as OursReading };
}

/** Child side. */
export async function runOursChild(args: readonly string[]): Promise<void> {
  const [sizeName, dir, repeatsText] = args;
  const size = sizeNamed(sizeName);
  if (!size || !dir) throw new Error(`usage: --memory-child ${BENCHMARK_NAME} SIZE DIR REPEATS`);
  const repeats = Math.max(1, Number(repeatsText) || 1);
  const baselineRssKiB = process.resourceUsage().maxRSS;

  const choice = chooseCoarseMesh(size);
  let start = performance.now();
  const coarse = meshPolygon(RECTANGLE_MM, [], { size: choice.coarseMeshMm });
  const hierarchy = refineRepeatedly(coarse, size.refinements);
  const meshMs = performance.now() - start;

  start = performance.now();
  const { finest, problem, preconditioner } = multigridSystem(hierarchy, problemAt);
  const setupMs = performance.now() - start;

  const solveMs: number[] = [];
  let result: ReturnType<typeof conjugateGradient> | undefined;
  for (let k = 0; k < repeats; k++) {
    start = performance.now();
    result = conjugateGradient(finest.matrix, finest.rhs, preconditioner, {
      relativeTolerance: RELATIVE_TOLERANCE,
    });
    solveMs.push(performance.now() - start);
  }
  if (!result) throw new Error('no solve ran');
  const peakRssKiB = process.resourceUsage().maxRSS;
  const vmHwmKiB = readVmHwmKiB();

  start = performance.now();
  assemblePlaneStress(problem);
  const finestAssemblyMs = performance.now() - start;

  const u = result.solution;
  const ku = new Float64Array(u.length);
  multiply(finest.matrix, u, ku);
  let residual2 = 0;
  let rhs2 = 0;
  let energy = 0;
  for (let i = 0; i < u.length; i++) {
    residual2 += (finest.rhs[i] - ku[i]) ** 2;
    rhs2 += finest.rhs[i] ** 2;
    energy += 0.5 * u[i] * ku[i];
  }
  let maxDisplacementMm = 0;
  for (let n = 0; n < u.length / 2; n++)
    maxDisplacementMm = Math.max(maxDisplacementMm, Math.hypot(u[2 * n], u[2 * n + 1]));

  const mesh = problem.mesh;
  const fixedNodes = dirichletNodes(mesh);
  start = performance.now();
  await writeMatrixMarket(dir, finest.matrix, finest.rhs);
  writeProblem(dir, problem, fixedNodes, u);
  const exportMs = performance.now() - start;

  const reading: OursReading = {
    coarseMeshMm: choice.coarseMeshMm,
    refinements: size.refinements,
    levelUnknowns: hierarchy.meshes.map((m) => 2 * m.nodeCount),
    predictedUnknowns: choice.predictedUnknowns,
    nodes: mesh.nodeCount,
    triangles: mesh.triangleCount,
    unknowns: finest.matrix.size,
    nonzeros: finest.matrix.values.length,
    dirichletNodes: fixedNodes.length,
    meshMs,
    setupMs,
    finestAssemblyMs,
    solveMs,
    iterations: result.iterations,
    converged: result.converged,
    cgRelativeResidual: result.relativeResidual,
    trueRelativeResidual: Math.sqrt(residual2 / rhs2),
    maxDisplacementMm,
    strainEnergyNmm: energy,
    baselineRssKiB,
    peakRssKiB,
    vmHwmKiB,
    exportMs,
  };
  process.stdout.write(`${JSON.stringify(reading)}\n`);
}

function readVmHwmKiB(): number | null {
  const statusFile = '/proc/self/status';
  if (!existsSync(statusFile)) return null;
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(statusFile, 'utf8'));
  return match ? Number(match[1]) : null;
}
