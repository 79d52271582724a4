import { describeMachine, formatMachine } from '../machine.js';
import {
  BENCHMARK_NAME,
  BUMP_AMPLITUDE,
  BUMP_CENTRE_MM,
  BUMP_SIGMA_MM,
  type Budget,
  COARSE_SIZE_CANDIDATES_MM,
  COUPLING_LENGTH_MM,
  FOUNDATION_N_PER_MM3,
  MAX_COARSE_UNKNOWNS,
  POISSON_RATIO,
  RELATIVE_TOLERANCE,
  SCIPY_MAX_ITERATIONS,
  SCIPY_PROGRESS_EVERY,
  SYSTEM_PYTHON,
  THICKNESS_MM,
  YOUNGS_MODULUS_MPA,
} from './params.js';

/** The RESULTS.md section of the elasticity benchmark: how it was run, then the tables. */

export interface RunInfo {
  readonly startedAt: Date;
  readonly revision: string | undefined;
  readonly quick: boolean;
  readonly budget: Budget;
  readonly scipyVersions: string | undefined;
  readonly dolfinxVersions: string | undefined;
  /** Installs done and comparisons skipped, with the reasons. */
  readonly notes: readonly string[];
}

export type SectionTables = Record<
  'sizes' | 'scipy' | 'dolfinx' | 'agreement' | 'macro' | 'targets',
  string
>;

/** Thread settings that the peers' BLAS reads; the bench leaves them as the environment has them. */
const THREAD_VARIABLES = ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'OPENBLAS_CORETYPE'];

export function sectionMarkdown(run: RunInfo, tables: SectionTables): string {
  const threads = THREAD_VARIABLES.map((v) => `${v} ${process.env[v] ?? 'unset'}`).join(', ');
  const h0Range = `${COARSE_SIZE_CANDIDATES_MM[0]}–${COARSE_SIZE_CANDIDATES_MM[COARSE_SIZE_CANDIDATES_MM.length - 1]}`;
  const { budget } = run;
  const notes =
    run.notes.length > 0
      ? run.notes.map((n) => `- ${n}`).join('\n')
      : '- Nothing was skipped or installed: both Python peers were already there.';
  return `## Plane-stress elasticity: ours vs SciPy CG and FEniCS dolfinx; the macro simulation

${run.quick ? '> **Quick smoke run** (`--quick`): single runs and no ~1 M system; the dolfinx target, set at ~1 M unknowns, is evaluated at the largest size run here.\n\n' : ''}- Command: \`npm run bench\` (this section alone: \`node bench/dist/run.js --only ${BENCHMARK_NAME}${run.quick ? ' --quick' : ''}\`)
- Date: ${run.startedAt.toISOString()}
- Machine: ${formatMachine(describeMachine())}
- Code: ${run.revision ?? 'not a git checkout'}
- Peers (Debian's \`${SYSTEM_PYTHON}\`): ${run.scipyVersions ?? 'SciPy not available'}; ${run.dolfinxVersions ?? 'dolfinx not available'}
- Problem (the same for all three): the rectangle 400 × 200 mm, \`meshPolygon\` at h0, then \`refineRepeatedly\` (h0 is computed per size: of ${h0Range} mm in steps of 0.1, the one whose refined mesh is closest to the target unknown count, with ≤ ${MAX_COARSE_UNKNOWNS} unknowns on the coarsest level); isotropic E = ${YOUNGS_MODULUS_MPA} MPa, ν = ${POISSON_RATIO}, thickness ${THICKNESS_MM} mm; eigenstrain (−½φ, −½φ, 0) per element, φ = ${BUMP_AMPLITUDE}·exp(−((x−${BUMP_CENTRE_MM[0]})² + (y−${BUMP_CENTRE_MM[1]})²)/(2·${BUMP_SIGMA_MM}²)) at the centroid; foundation k = E·t/${COUPLING_LENGTH_MM}² = ${FOUNDATION_N_PER_MM3.toExponential(4)} N/mm³; u = 0 at every outer-boundary node
- Stopping rule for every solver: ‖b − Ax‖₂ ≤ ${RELATIVE_TOLERANCE}·‖b‖₂ from a zero initial guess; each child recomputes the true residual afterwards
- Processes: every solver runs in its own child process, one at a time (nothing else running): ours in \`node\` (\`run.js --memory-child ${BENCHMARK_NAME} SIZE …\`), SciPy and dolfinx in \`${SYSTEM_PYTHON}\` (\`bench/python/scipy_cg.py\`, \`bench/python/dolfinx_elasticity.py\`); thread settings as the environment has them (${threads}): ours runs on one thread, NumPy (in SciPy's cg) and PETSc call OpenBLAS, which by default starts a thread per core. Peak RSS = the child's own maxRSS (\`process.resourceUsage().maxRSS\`, Python \`ru_maxrss\`), read after its solves; the parent stays small so that nothing inherited inflates it. "Peak − start" subtracts the child's maxRSS after its imports (Node modules; Python with dolfinx, PETSc, NumPy).
- Repetitions: ours and dolfinx ${budget.solveRepeats} timed solve${budget.solveRepeats > 1 ? 's' : ''} each (the same preconditioner reused; median reported); SciPy one run (cg, maxiter ${SCIPY_MAX_ITERATIONS}), killed after ${budget.scipyGuardMs / 1000} s and then reported as a lower bound

### Sizes

${tables.sizes}

### 1. Ours vs SciPy's plain CG on the same SPD system

Our fem package assembles the system (Dirichlet rows and columns eliminated symmetrically, so SPD), our child solves it with \`conjugateGradient\` preconditioned by \`GeometricMultigrid\` (V-cycle, one symmetric Gauss–Seidel sweep each way), then writes it with \`matrixMarketChunks\` / \`vectorMatrixMarketChunks\`; SciPy reads it with \`scipy.io.mmread\` and runs \`scipy.sparse.linalg.cg(A, b, tol=${RELATIVE_TOLERANCE}, atol=0)\` without a preconditioner. Solve = the solver call alone (not the files; SciPy's progress checks every ${SCIPY_PROGRESS_EVERY} iterations are taken off its time). \`Solve / ours\` above 1: ours is faster. SciPy's cg spends most of its time in NumPy vector operations, which at ~1 M unknowns are sensitive to OpenBLAS's threading on this machine (measured once by hand when this benchmark was written: with \`OPENBLAS_NUM_THREADS=1\` its ~1 M solve took about half the time, still far slower than ours); the bench does not change the setting.

${tables.scipy}

### 2. Ours vs FEniCS dolfinx on the same plane-stress problem

dolfinx gets the finest mesh (node coordinates, triangles), the per-element eigenstrain, the material, the foundation and the Dirichlet nodes as raw little-endian arrays with a JSON header, builds the mesh with \`dolfinx.mesh.create_mesh\` (P1 vector Lagrange; the eigenstrain as a DG0 field placed by \`original_cell_index\`, the Dirichlet dofs found by coordinates), assembles a(u, v) = t∫σ(ε(u)):ε(v) + k∫u·v and L(v) = t∫σ(ε*):ε(v), and solves with PETSc KSP \`cg\`, PC \`gamg\` (PETSc's defaults through \`setFromOptions\` with an empty options database; the 3 rigid-body modes as near-nullspace), unpreconditioned norm, rtol ${RELATIVE_TOLERANCE}, atol 0. Ours: the same mesh hierarchy and solver as in 1. \`Solve / ours\` above 1: ours is faster.

${tables.dolfinx}

Agreement of the two solutions on the same mesh (dolfinx's solution mapped back to our node order by coordinates; strain energy ½uᵀKu, foundation included):

${tables.agreement}

### 3. Full-face macro simulation of the default plan

In the bench's own process (\`@microcore/core\`), after one \`planTreatment()\`: ${budget.macroWarmup} warm-up + ${budget.macroTimed} timed \`solveTighteningField(plan.zones, plan.needle.coreAreaMm2, defaultParameterValues())\`, then ${budget.simulateWarmup} warm-up + ${budget.simulateTimed} timed \`simulateTreatment(plan)\`. The model is linear in the area-loss fraction η, so the one field solve serves every default day.

${tables.macro}

### Targets

${tables.targets}

### Notes

${notes}
`;
}
