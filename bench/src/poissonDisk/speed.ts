import { performance } from 'node:perf_hooks';
import { forceGc } from '../gc.js';
import {
  MIN_DISTANCE_MM,
  type RepetitionPlan,
  type SizeSpec,
  TIMED_SEED_BASE,
  TRIES_PER_POINT,
  WARMUP_SEED_BASE,
} from './params.js';
import type { Sampler, SamplerName } from './samplers.js';

export interface SpeedResult {
  readonly sampler: SamplerName;
  /** Wall times of the timed runs, ms (empty when skipped). */
  readonly timesMs: number[];
  readonly counts: number[];
  /** Why the sampler was not run (or stopped early) at this size. */
  note?: string;
}

export interface SpeedOptions {
  /** Samplers not to run at all, with the reason to report. */
  readonly skip?: ReadonlyMap<SamplerName, string>;
  /** A sampler whose run exceeds this is not run again at this size. */
  readonly budgetMs: number;
  /**
   * A full GC before every run. Off for the main figures: besides removing garbage, a full GC
   * with no sampler instance alive makes V8 deoptimise the sampler's hot functions, so the next
   * run re-optimises (see the supplementary "after a full GC" table).
   */
  readonly gcBeforeEachRun: boolean;
  readonly log: (line: string) => void;
}

/**
 * Interleaved rounds (ours, peer, peer, ours, ...) in one process, so drift in machine state
 * (thermal, other load) hits all samplers alike.
 */
export function measureSpeed(
  samplers: readonly Sampler[],
  size: SizeSpec,
  plan: RepetitionPlan,
  options: SpeedOptions,
): SpeedResult[] {
  const results = samplers.map(
    (s): SpeedResult => ({
      sampler: s.name,
      timesMs: [],
      counts: [],
      note: options.skip?.get(s.name),
    }),
  );
  const rounds = plan.warmupRounds + plan.timedRounds;
  for (let round = 0; round < rounds; round++) {
    const warmup = round < plan.warmupRounds;
    const seed = warmup ? WARMUP_SEED_BASE + round : TIMED_SEED_BASE + round - plan.warmupRounds;
    const line: string[] = [];
    samplers.forEach((sampler, k) => {
      const result = results[k];
      if (result.note !== undefined) return;
      if (options.gcBeforeEachRun) forceGc();
      const startMs = performance.now();
      const sampling = sampler.sample({
        widthMm: size.sideMm,
        heightMm: size.sideMm,
        minDistanceMm: MIN_DISTANCE_MM,
        triesPerPoint: TRIES_PER_POINT,
        seed,
      });
      const elapsedMs = performance.now() - startMs;
      if (!warmup) {
        result.timesMs.push(elapsedMs);
        result.counts.push(sampling.count);
      }
      line.push(`${sampler.name} ${elapsedMs.toFixed(1)} ms`);
      if (elapsedMs > options.budgetMs) {
        result.note = `stopped after a ${(elapsedMs / 1000).toFixed(0)} s run (budget ${options.budgetMs / 1000} s)`;
        // A warm-up run over budget is still the only measurement there will be.
        if (warmup) {
          result.timesMs.push(elapsedMs);
          result.counts.push(sampling.count);
        }
      }
    });
    const label = warmup
      ? `warm-up ${round + 1}/${plan.warmupRounds}`
      : `run ${round - plan.warmupRounds + 1}/${plan.timedRounds}`;
    options.log(`  ${size.name} ${label}: ${line.join(', ')}`);
  }
  return results;
}
