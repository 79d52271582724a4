/** Fixed parameters of the Poisson-disk benchmark. */

export interface SizeSpec {
  readonly name: 'small' | 'large';
  readonly areaMm2: number;
  /** Side of the square with that area. */
  readonly sideMm: number;
}

function square(name: SizeSpec['name'], areaMm2: number): SizeSpec {
  return { name, areaMm2, sideMm: Math.sqrt(areaMm2) };
}

export const SMALL = square('small', 25_000); // 250 cm²
export const LARGE = square('large', 2_500_000); // 25,000 cm²
export const SIZES: readonly SizeSpec[] = [SMALL, LARGE];

/**
 * Chosen so that fast-2d-poisson-disk-sampling places about 12,000 points on the small square.
 * Measured (mean of 10 seeds, tries 30): r = 1.20 → 15,215; 1.34 → 12,210; 1.35 → 12,035;
 * 1.36 → 11,864. Its density is ≈ 0.877 points per r², so r = √(0.877 · 25,000 / 12,000) ≈ 1.352.
 */
export const MIN_DISTANCE_MM = 1.35;
/** Tries per point for all three samplers (the peers' default, and ours). */
export const TRIES_PER_POINT = 30;

/** A peer whose single large run would take longer than this is not run at the large size. */
export const SLOW_RUN_BUDGET_MS = 60_000;

export interface RepetitionPlan {
  /** Untimed rounds first (JIT, heap growth). */
  readonly warmupRounds: number;
  readonly timedRounds: number;
}

export function repetitionsFor(size: SizeSpec, quick: boolean): RepetitionPlan {
  if (size.name === 'small') {
    return quick ? { warmupRounds: 1, timedRounds: 3 } : { warmupRounds: 5, timedRounds: 15 };
  }
  return quick ? { warmupRounds: 0, timedRounds: 1 } : { warmupRounds: 1, timedRounds: 3 };
}

/** Seeds: a round gives every sampler the same seed; warm-up and timed rounds differ. */
export const WARMUP_SEED_BASE = 1;
export const TIMED_SEED_BASE = 1_000;
export const CORRECTNESS_SEED = 7;
export const MEMORY_SEED = 11;

/** The benchmark's name: `--only` value, RESULTS.md marker id and child-process dispatch key. */
export const BENCHMARK_NAME = 'poisson-disk';
