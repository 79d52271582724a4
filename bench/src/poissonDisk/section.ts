import { describeMachine, formatMachine } from '../machine.js';
import {
  BENCHMARK_NAME,
  CORRECTNESS_SEED,
  MEMORY_SEED,
  MIN_DISTANCE_MM,
  repetitionsFor,
  SIZES,
  SLOW_RUN_BUDGET_MS,
  TRIES_PER_POINT,
} from './params.js';
import { peerVersions } from './samplers.js';

/** The RESULTS.md section of the Poisson-disk benchmark: how it was run, then the tables. */

export interface RunInfo {
  readonly startedAt: Date;
  /** Commit of the measured code (see revision.ts). */
  readonly revision: string | undefined;
  readonly quick: boolean;
}

export type SectionTables = Record<
  'speed' | 'speedAfterGc' | 'correctness' | 'memory' | 'targets',
  string
>;

export function sectionMarkdown(run: RunInfo, tables: SectionTables): string {
  const versions = peerVersions();
  const rounds = SIZES.map((size) => {
    const plan = repetitionsFor(size, run.quick);
    return `${size.name} ${plan.warmupRounds} warm-up + ${plan.timedRounds} timed`;
  }).join(', ');
  const sizes = SIZES.map(
    (s) =>
      `${s.name} ${(s.areaMm2 / 100).toLocaleString('en-US')} cm² (square of side ${s.sideMm.toFixed(1)} mm)`,
  ).join(', ');
  return `## Poisson-disk sampling: ours vs npm peers

${run.quick ? '> **Quick smoke run** (`--quick`): too few repetitions for the figures to mean much.\n\n' : ''}- Command: \`npm run bench\` (this section alone: \`node bench/dist/run.js --only ${BENCHMARK_NAME}${run.quick ? ' --quick' : ''}\`)
- Date: ${run.startedAt.toISOString()}
- Machine: ${formatMachine(describeMachine())}
- Code: ${run.revision ?? 'not a git checkout'}
- Samplers: ours (\`samplePoissonDisk\`, @microcore/core), fast-2d-poisson-disk-sampling ${versions['fast-2d-poisson-disk-sampling']}, poisson-disk-sampling ${versions['poisson-disk-sampling']} (maxDistance 2r); peers get our seeded \`Rng\` as their rng
- Parameters: ${sizes}; r = ${MIN_DISTANCE_MM} mm (fast-2d-poisson-disk-sampling places ≈12,000 points on the small square); tries ${TRIES_PER_POINT}
- Speed: one process, rounds interleaved (ours, fast-2d, poisson-disk-sampling), same seed for all in a round; ${rounds}; a sampler predicted to take over ${SLOW_RUN_BUDGET_MS / 1000} s per large run is not run there

### Speed

Steady state: no forced GC between runs. \`Median / ours\` is a sampler's median time over ours (above 1: ours is faster).

${tables.speed}

Supplementary, small square, with a full GC (\`gc()\`) right before every run. With no sampler instance alive, such a GC makes V8 deoptimise the samplers' hot functions (\`--trace-deopt\`: "Insufficient type feedback"), so every run starts by re-optimising, as an occasional call in an application may after a major GC. Not used for the targets.

${tables.speedAfterGc}

### Correctness

One run per sampler and size (seed ${CORRECTNESS_SEED}), checked with an independent grid hash of cell r: every pair closer than r counts; the smallest distance is exact (all pairs within 2r are compared).

${tables.correctness}

### Peak memory, large square

Each sampler runs once (seed ${MEMORY_SEED}) in its own child process (\`node --expose-gc\`), spawned before the speed runs (on Linux a child's maxRSS starts from the parent memory that fork copied; each child's VmHWM is checked against it); a baseline child loads the same modules and samples nothing. Δ peak RSS = child's \`process.resourceUsage().maxRSS\` minus the baseline's. Heap used and ArrayBuffers are read after a full GC with the result still referenced; Δ held is their sum minus the baseline's (the array data the result keeps).

${tables.memory}

### Targets

${tables.targets}
`;
}
