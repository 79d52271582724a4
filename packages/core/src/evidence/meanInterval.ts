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
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci95: null };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci95: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
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
