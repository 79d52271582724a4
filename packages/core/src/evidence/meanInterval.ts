import { studentTQuantile } from './quantiles.js';

/** A two-sided confidence interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * A sample mean with its 95 % t-interval. `mean` is null with no data; `sd` and `ci95` are null
 * below two values (a t-interval needs one degree of freedom), never NaN.
 */
export interface MeanEstimate {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly ci95: Interval | null;
}

/** Mean, sample standard deviation (n − 1) and the 95 % Student t-interval of `values`. */
export function meanWithInterval(values: readonly number[], confidence = 0.95): MeanEstimate {
  // Each value counted once: v·1 and 1·(v − mean)² are exact, so the sums are the plain ones.
  return meanOfCounts(
    values.map((v) => [v, 1] as const),
    confidence,
  );
}

/** A value and how many times it was seen (a histogram's bar). */
export type CountedValue = readonly [value: number, count: number];

/**
 * meanWithInterval of a sample given as a histogram: each value with its count, summed in the
 * order given (the evidence summary gives them sorted, so its result depends only on the sample).
 */
export function meanOfCounts(values: readonly CountedValue[], confidence = 0.95): MeanEstimate {
  let n = 0;
  let sum = 0;
  for (const [v, count] of values) {
    n += count;
    sum += v * count;
  }
  if (n === 0) return { n, mean: null, sd: null, ci95: null };
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci95: null };
  let squares = 0;
  for (const [v, count] of values) squares += count * (v - mean) ** 2;
  const sd = Math.sqrt(squares / (n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci95: { low: mean - half, high: mean + half } };
}

/** The paired mean difference `after[i] − before[i]` with its t-interval (the pairs' own n). */
export function pairedMeanDifference(
  before: readonly number[],
  after: readonly number[],
): MeanEstimate {
  if (before.length !== after.length) {
    throw new RangeError(`paired samples differ in length: ${before.length} vs ${after.length}`);
  }
  return meanWithInterval(after.map((v, i) => v - before[i]));
}

/** The median of `values` (null when empty). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
