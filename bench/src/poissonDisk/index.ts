import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeRevision } from '../revision.js';
import { median } from '../stats.js';
import { checkPoints } from './check.js';
import {
  inheritedRssWarning,
  type MemorySubject,
  measureMemoryInChild,
  runMemoryChild,
} from './memory.js';
import {
  BENCHMARK_NAME,
  CORRECTNESS_SEED,
  LARGE,
  MIN_DISTANCE_MM,
  repetitionsFor,
  SIZES,
  type SizeSpec,
  SLOW_RUN_BUDGET_MS,
  SMALL,
  TRIES_PER_POINT,
} from './params.js';
import {
  type CorrectnessRow,
  correctnessTable,
  type MemoryRow,
  memoryTable,
  type SizeFigures,
  speedTable,
} from './report.js';
import { SAMPLERS, type SamplerName } from './samplers.js';
import { sectionMarkdown } from './section.js';
import { measureSpeed, type SpeedResult } from './speed.js';
import { evaluateTargets, targetsTable } from './targets.js';

/** Our Poisson-disk sampler against two npm peers: speed, correctness, peak memory, targets. */
export const poissonDiskBenchmark: Benchmark = {
  name: BENCHMARK_NAME,
  run: runPoissonDisk,
  runChild: runMemoryChild,
};

async function runPoissonDisk(ctx: BenchContext): Promise<string> {
  const startedAt = new Date();
  const revision = describeRevision('packages/core'); // now: the code loaded is this one
  // Memory first: a child's maxRSS includes what it inherits from this process (see memory.ts).
  ctx.log('\nPeak memory, large square (one child process each):');
  const memory = measureMemory(ctx);

  const speedBySize = new Map<SizeSpec, SpeedResult[]>();
  for (const size of SIZES) {
    const plan = repetitionsFor(size, ctx.quick);
    ctx.log(
      `\nSpeed, ${size.name} square (${plan.warmupRounds} warm-up + ${plan.timedRounds} timed rounds):`,
    );
    const skip = size === SMALL ? undefined : predictedSkips(speedBySize.get(SMALL) ?? [], size);
    speedBySize.set(
      size,
      measureSpeed(SAMPLERS, size, plan, {
        skip,
        budgetMs: SLOW_RUN_BUDGET_MS,
        gcBeforeEachRun: false,
        log: ctx.log,
      }),
    );
  }
  // Supplementary: how a call fares right after a full GC, as an occasional call in an app would.
  const smallPlan = repetitionsFor(SMALL, ctx.quick);
  ctx.log('\nSpeed, small square, each run right after a full GC:');
  const afterGc = measureSpeed(SAMPLERS, SMALL, smallPlan, {
    budgetMs: SLOW_RUN_BUDGET_MS,
    gcBeforeEachRun: true,
    log: ctx.log,
  });

  ctx.log('\nCorrectness (one run per sampler and size):');
  const figures: SizeFigures[] = SIZES.map((size) => ({
    size,
    speed: speedBySize.get(size) ?? [],
    correctness: checkCorrectness(size, speedBySize.get(size) ?? [], ctx),
  }));

  const targets = evaluateTargets(figures, memory);
  const tables = {
    speed: speedTable(figures),
    speedAfterGc: speedTable([{ size: SMALL, speed: afterGc }]),
    correctness: correctnessTable(figures, MIN_DISTANCE_MM),
    memory: memoryTable(memory),
    targets: targetsTable(targets),
  };
  ctx.log(`\nSpeed\n${tables.speed}\n\nSpeed, small, after a full GC\n${tables.speedAfterGc}`);
  ctx.log(`\nCorrectness\n${tables.correctness}`);
  ctx.log(`\nPeak memory (large)\n${tables.memory}\n\nTargets\n${tables.targets}`);
  return sectionMarkdown({ startedAt, revision, quick: ctx.quick }, tables);
}

/** Samplers whose run at `size` would exceed the budget, extrapolated linearly from the small size. */
function predictedSkips(
  smallSpeed: readonly SpeedResult[],
  size: SizeSpec,
): Map<SamplerName, string> {
  const skips = new Map<SamplerName, string>();
  for (const result of smallSpeed) {
    const predictedMs = median(result.timesMs) * (size.areaMm2 / SMALL.areaMm2);
    if (predictedMs > SLOW_RUN_BUDGET_MS) {
      skips.set(
        result.sampler,
        `not run: ≈${(predictedMs / 1000).toFixed(0)} s predicted (small median × area ratio) > ${SLOW_RUN_BUDGET_MS / 1000} s budget`,
      );
    }
  }
  return skips;
}

function checkCorrectness(
  size: SizeSpec,
  speed: readonly SpeedResult[],
  ctx: BenchContext,
): CorrectnessRow[] {
  return SAMPLERS.map((sampler): CorrectnessRow => {
    // Too slow to run once more (the speed runs said so): report why instead.
    const note = speed.find((r) => r.sampler === sampler.name)?.note;
    if (note !== undefined) return { sampler: sampler.name, note };
    const sampling = sampler.sample({
      widthMm: size.sideMm,
      heightMm: size.sideMm,
      minDistanceMm: MIN_DISTANCE_MM,
      triesPerPoint: TRIES_PER_POINT,
      seed: CORRECTNESS_SEED,
    });
    const result = checkPoints(sampling.interleavedMm(), size.sideMm, size.sideMm, MIN_DISTANCE_MM);
    ctx.log(
      `  ${size.name} ${sampler.name}: ${result.count} points, ${result.violatingPairs} pairs < r, ` +
        `smallest ${result.smallestDistanceMm.toFixed(9)} mm, ${result.outside} outside`,
    );
    return { sampler: sampler.name, result };
  });
}

function measureMemory(ctx: BenchContext): MemoryRow[] {
  const subjects: MemorySubject[] = ['baseline', ...SAMPLERS.map((s) => s.name)];
  return subjects.map((subject): MemoryRow => {
    // The speed runs come later, so a slow peer is stopped by a timeout instead of a prediction.
    const outcome = measureMemoryInChild(ctx.entryFile, subject, LARGE, 3 * SLOW_RUN_BUDGET_MS);
    const warning = outcome.ok ? inheritedRssWarning(outcome.reading) : undefined;
    ctx.log(
      `  ${subject}: ${outcome.ok ? `peak RSS ${outcome.reading.peakRssKiB} KiB` : outcome.error}` +
        (warning ? ` (warning: ${warning})` : ''),
    );
    return { subject, outcome, note: warning };
  });
}
