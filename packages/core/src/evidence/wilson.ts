import type { Interval } from './meanInterval.js';

/**
 * z for a two-sided 95 % interval, Φ⁻¹(0.975), as quantiles.ts computes it (Z_95, from stdlib)
 * to the last bit (a test holds them equal). Written out, it needs no quantile function loaded:
 * a page that wants only a Wilson interval does not bring stdlib's special functions with it.
 */
export const Z_95_WILSON = 1.9599639845400538;

/**
 * Wilson score interval without continuity correction (Wilson 1927; Newcombe 1998 method 3).
 * Unlike the Wald interval it stays inside [0, 1] and is not degenerate at 0 or n successes.
 */
export function wilsonInterval(count: number, n: number, z = Z_95_WILSON): Interval {
  checkCounts(count, n);
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 and n successes the bound is exactly 0 or 1; pin it against rounding.
  const low = count === 0 ? 0 : Math.max(0, centre - half);
  const high = count === n ? 1 : Math.min(1, centre + half);
  return { low, high };
}

export function checkCounts(count: number, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(count) || count < 0 || count > n) {
    throw new RangeError(`count must be an integer in 0..${n}, got ${count}`);
  }
}
