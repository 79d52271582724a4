import betainc from '@stdlib/math-base-special-betainc';
import type { Interval } from './meanInterval.js';
import { betaDistributionQuantile } from './quantiles.js';
import { checkCounts, wilsonInterval } from './wilson.js';

export { wilsonInterval };

/**
 * A proportion `count / n` with its 95 % Wilson score interval. `rate` and `ci95` are null when
 * n = 0. The Wilson interval is defined (and useful) from n = 1 on, so unlike the t-interval it
 * is given for a single patient.
 */
export interface ProportionEstimate {
  readonly n: number;
  readonly count: number;
  readonly rate: number | null;
  readonly ci95: Interval | null;
}

/** `count / n` with its Wilson interval, nulls for n = 0. */
export function proportion(count: number, n: number): ProportionEstimate {
  if (n === 0) return { n, count, rate: null, ci95: null };
  return { n, count, rate: count / n, ci95: wilsonInterval(count, n) };
}

/**
 * Clopper–Pearson exact upper confidence bound for a binomial rate after `count` events in `n`:
 * the p at which P(X ≤ count | n, p) = alpha, i.e. the Beta(count + 1, n − count) quantile at
 * 1 − alpha. `alpha` is ONE-SIDED: 0.05 gives the one-sided 95 % upper bound (at zero events
 * 1 − 0.05^(1/n), "rule of three" ≈ 3/n); 0.025 gives the upper end of the two-sided 95 %
 * interval (1 − 0.025^(1/n) ≈ 3.69/n).
 */
export function clopperPearsonUpper(count: number, n: number, alpha = 0.05): number {
  checkCounts(count, n);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (count === n) return 1;
  // Closed form at zero events: (1 − p)^n = alpha.
  if (count === 0) return 1 - alpha ** (1 / n);
  return betaDistributionQuantile(1 - alpha, count + 1, n - count);
}

/**
 * P(X ≤ count) for X ~ Binomial(n, rate): 1 − I_rate(count + 1, n − count), the regularized
 * incomplete beta's upper tail computed directly (no cancellation). `n` may be real (the beta
 * function's continuation), as the sample-size search's envelopes need. The Clopper–Pearson upper
 * bound is below a limit exactly when binomialAtMost(count, n, limit) < alpha (its definition), and
 * this forward evaluation is one pass of stdlib's series or continued fraction (each capped in
 * terms), where the bound itself needs an inverse: up to 100 times the work at n ≈ 10⁵.
 */
export function binomialAtMost(count: number, n: number, rate: number): number {
  if (!(count >= 0 && n > 0 && rate >= 0 && rate <= 1)) {
    throw new RangeError(`binomialAtMost needs count ≥ 0, n > 0, rate in [0, 1]`);
  }
  if (count >= n) return 1;
  return betainc(rate, count + 1, n - count, true, true);
}
