import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * The three quantile functions the evidence statistics need, from stdlib (exact-versioned in
 * package.json; checked against printed tables in test/evidenceStatistics.test.ts). Wrapped so the
 * rest of the module does not depend on stdlib's call shapes.
 */

/** Student's t quantile: P(T ≤ t) = probability with `degreesOfFreedom`. */
export function studentTQuantile(probability: number, degreesOfFreedom: number): number {
  return tQuantile(probability, degreesOfFreedom);
}

/** Standard normal quantile. */
export function standardNormalQuantile(probability: number): number {
  return normalQuantile(probability, 0, 1);
}

/** Beta(a, b) quantile. */
export function betaDistributionQuantile(probability: number, a: number, b: number): number {
  return betaQuantile(probability, a, b);
}

/** z for a two-sided 95 % interval (1.959964…). */
export const Z_95 = standardNormalQuantile(0.975);
