import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clopperPearsonUpper,
  meanWithInterval,
  median,
  pairedMeanDifference,
  proportion,
  standardNormalQuantile,
  studentTQuantile,
  wilsonInterval,
  Z_95_WILSON,
} from '../src/index.js';

describe('quantiles', () => {
  // Critical values of Student's t, NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2
  // (upper critical values; the same as any printed t table to 3 decimals).
  it.each([
    [1, 12.706, 6.314],
    [2, 4.303, 2.92],
    [5, 2.571, 2.015],
    [10, 2.228, 1.812],
    [20, 2.086, 1.725],
    [30, 2.042, 1.697],
    [100, 1.984, 1.66],
  ])('t with %i degrees of freedom: 0.975 → %f, 0.95 → %f', (df, t975, t95) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t975, 3);
    expect(studentTQuantile(0.95, df)).toBeCloseTo(t95, 3);
  });

  it('the Wilson interval’s written-out z is the normal quantile at 0.975, to the last bit', () => {
    expect(Z_95_WILSON).toBe(standardNormalQuantile(0.975));
  });

  it('normal: z 0.975 = 1.959964, z 0.8 = 0.841621 (NIST §1.3.6.7.1)', () => {
    expect(standardNormalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(standardNormalQuantile(0.8)).toBeCloseTo(0.841621, 6);
  });
});

describe('mean with a t-interval', () => {
  it('1..5: mean 3, sd √2.5, 3 ± t(0.975, 4)·√2.5/√5 = 3 ± 2.776445·0.707107', () => {
    const m = meanWithInterval([1, 2, 3, 4, 5]);
    expect(m.n).toBe(5);
    expect(m.mean).toBe(3);
    expect(m.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    expect(m.ci95?.low).toBeCloseTo(3 - 2.776445 * Math.SQRT1_2, 5);
    expect(m.ci95?.high).toBeCloseTo(3 + 2.776445 * Math.SQRT1_2, 5);
  });

  it('gives nulls, never NaN, below two values', () => {
    expect(meanWithInterval([])).toEqual({ n: 0, mean: null, sd: null, ci95: null });
    expect(meanWithInterval([1.5])).toEqual({ n: 1, mean: 1.5, sd: null, ci95: null });
  });

  it('pairs after − before', () => {
    const d = pairedMeanDifference([1, 2, 3], [2, 2, 5]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(1, 12);
    expect(() => pairedMeanDifference([1], [1, 2])).toThrow(RangeError);
  });

  it('median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('Wilson score interval', () => {
  // Newcombe RG (1998) Two-sided confidence intervals for the single proportion: comparison of
  // seven methods. Stat Med 17:857–872, Table I, method 3 (score, no continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → %f–%f (Newcombe 1998, Table I)', (x, n, low, high) => {
    const ci = wilsonInterval(x, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is exactly 0 and 1 at the ends', () => {
    expect(wilsonInterval(0, 7).low).toBe(0);
    expect(wilsonInterval(7, 7).high).toBe(1);
    // Mirror of 0/20.
    expect(wilsonInterval(20, 20).low).toBeCloseTo(1 - 0.1611, 4);
  });

  it('stays in [0, 1] and holds the observed rate', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5000 })
          .chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([x, n]) => {
          const { low, high } = wilsonInterval(x, n);
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high).toBeLessThanOrEqual(1);
          expect(low).toBeLessThanOrEqual(x / n);
          expect(high).toBeGreaterThanOrEqual(x / n);
        },
      ),
    );
  });

  it('proportion() carries n and gives nulls at n = 0', () => {
    expect(proportion(0, 0)).toEqual({ n: 0, count: 0, rate: null, ci95: null });
    const p = proportion(3, 4);
    expect(p.rate).toBe(0.75);
    expect(p.ci95).not.toBeNull();
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(0, 0)).toThrow(RangeError);
  });
});

describe('Clopper–Pearson exact upper bound', () => {
  // Newcombe 1998, Table I, method 5 (exact): the upper limits of the two-sided 95 % interval,
  // i.e. the one-sided bound at alpha 0.025.
  it.each([
    [81, 263, 0.3676],
    [15, 148, 0.1617],
    [0, 20, 0.1684],
    [1, 29, 0.1776],
  ])('%i/%i two-sided upper end → %f (Newcombe 1998, Table I)', (x, n, high) => {
    expect(clopperPearsonUpper(x, n, 0.025)).toBeCloseTo(high, 4);
  });

  it('zero events: 1 − α^(1/n), one-sided 95 % ≈ 3/n (rule of three), two-sided ≈ 3.69/n', () => {
    for (const n of [10, 30, 100, 300]) {
      expect(clopperPearsonUpper(0, n, 0.05)).toBeCloseTo(1 - 0.05 ** (1 / n), 14);
      expect(clopperPearsonUpper(0, n, 0.025)).toBeCloseTo(1 - 0.025 ** (1 / n), 14);
    }
    expect(clopperPearsonUpper(0, 300, 0.05) * 300).toBeCloseTo(3, 1);
  });

  it('agrees with the binomial tail it inverts: P(X ≤ x | n, upper) = α', () => {
    const binomialCdf = (x: number, n: number, p: number) => {
      let term = (1 - p) ** n;
      let sum = term;
      for (let k = 1; k <= x; k++) {
        term *= ((n - k + 1) / k) * (p / (1 - p));
        sum += term;
      }
      return sum;
    };
    for (const [x, n] of [
      [1, 10],
      [3, 40],
      [12, 90],
    ]) {
      expect(binomialCdf(x, n, clopperPearsonUpper(x, n, 0.05))).toBeCloseTo(0.05, 8);
    }
    expect(clopperPearsonUpper(5, 5)).toBe(1);
  });
});
