import { describe, expect, it } from 'vitest';
import {
  clopperPearsonUpper,
  isMicrocoreError,
  patientsForUpperBound,
  patientsPerGroupTwoProportions,
} from '../src/index.js';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (isMicrocoreError(error) && error.code === 'sample-size.invalid-input') return error.field;
    throw error;
  }
  return undefined;
}

describe('patients for an upper confidence bound', () => {
  it('zero expected events: exact n = ⌈ln 0.05 / ln(1 − bound)⌉, the rule of three a little above', () => {
    // bound 5 %: ln 0.05 / ln 0.95 = 58.4 → 59 patients; 3 / 0.05 = 60 (Hanley & Lippman-Hand 1983).
    const five = patientsForUpperBound({ expectedRate: 0, maxUpperBound: 0.05 });
    expect(five.patients).toBe(59);
    expect(five.ruleOfThreePatients).toBe(60);
    expect(five.upperBound).toBeCloseTo(1 - 0.05 ** (1 / 59), 14);
    expect(clopperPearsonUpper(0, 58, 0.05)).toBeGreaterThanOrEqual(0.05);
    // bound 10 %: 28.4 → 29; rule of three 30.
    expect(patientsForUpperBound({ expectedRate: 0, maxUpperBound: 0.1 }).patients).toBe(29);
    // Two-sided 95 % (alpha 0.025 each side): ln 0.025 / ln 0.95 = 71.9 → 72.
    expect(
      patientsForUpperBound({ expectedRate: 0, maxUpperBound: 0.05, oneSidedAlpha: 0.025 })
        .patients,
    ).toBe(72);
  });

  it('with events expected: the smallest n whose ⌈p·n⌉ events keep the exact bound below', () => {
    const r = patientsForUpperBound({ expectedRate: 0.02, maxUpperBound: 0.1 });
    expect(r.expectedEvents).toBe(Math.ceil(0.02 * r.patients));
    expect(r.upperBound).toBeLessThan(0.1);
    expect(r.upperBound).toBeCloseTo(clopperPearsonUpper(r.expectedEvents, r.patients), 14);
    for (let n = 1; n < r.patients; n++) {
      expect(clopperPearsonUpper(Math.ceil(0.02 * n), n)).toBeGreaterThanOrEqual(0.1);
    }
    expect(r.ruleOfThreePatients).toBeNull();
  });

  it('finds the same n as a scan of every n, for several rates, bounds and levels', () => {
    const scan = (p: number, bound: number, alpha: number) => {
      for (let n = 1; ; n++) {
        if (clopperPearsonUpper(Math.ceil(p * n - 1e-9), n, alpha) < bound) return n;
      }
    };
    for (const [p, bound, alpha] of [
      [0.01, 0.05, 0.05],
      [0.05, 0.1, 0.05],
      [0.05, 0.1, 0.025],
      [0.1, 0.2, 0.05],
      [0.3, 0.45, 0.05],
      [0.001, 0.03, 0.05],
    ]) {
      expect(
        patientsForUpperBound({ expectedRate: p, maxUpperBound: bound, oneSidedAlpha: alpha })
          .patients,
      ).toBe(scan(p, bound, alpha));
    }
  });

  it('answers a bound just above the rate, and refuses one that would need millions', () => {
    const close = patientsForUpperBound({ expectedRate: 0.095, maxUpperBound: 0.1 });
    // Normal approximation: 1.645² · 0.095 · 0.905 / 0.005² ≈ 9,300.
    expect(close.patients).toBeGreaterThan(9_000);
    expect(close.patients).toBeLessThan(11_000);
    expect(close.upperBound).toBeLessThan(0.1);
    expect(fieldOf(() => patientsForUpperBound({ expectedRate: 0.0999, maxUpperBound: 0.1 }))).toBe(
      'maxUpperBound',
    );
  });

  it('names the field it rejects', () => {
    expect(fieldOf(() => patientsForUpperBound({ expectedRate: 0.1, maxUpperBound: 0.05 }))).toBe(
      'maxUpperBound',
    );
    expect(fieldOf(() => patientsForUpperBound({ expectedRate: -0.1, maxUpperBound: 0.05 }))).toBe(
      'expectedRate',
    );
    expect(fieldOf(() => patientsForUpperBound({ expectedRate: 0, maxUpperBound: 1 }))).toBe(
      'maxUpperBound',
    );
    expect(
      fieldOf(() =>
        patientsForUpperBound({ expectedRate: 0, maxUpperBound: 0.1, oneSidedAlpha: 0 }),
      ),
    ).toBe('oneSidedAlpha');
  });
});

describe('patients per group for two proportions (Fleiss)', () => {
  it('Zar, Biostatistical Analysis (4th ed. 1999), Example 24.26: 0.45 vs 0.25, power 0.9 → 127.2 with correction', () => {
    // Published value 127.2343 (Unistat's reproduction of the example); uncorrected 117.4.
    const r = patientsPerGroupTwoProportions({ rate1: 0.45, rate2: 0.25, alpha: 0.05, power: 0.9 });
    expect(r.exactCorrected).toBeCloseTo(127.234, 2);
    expect(r.perGroupCorrected).toBe(128);
    expect(r.exactUncorrected).toBeCloseTo(117.43, 2);
    expect(r.perGroupUncorrected).toBe(118);
  });

  it('0.05 vs 0.15, alpha 0.05, power 0.8: 140.1 → 141 uncorrected, 159.5 → 160 corrected', () => {
    // By hand: [1.959964·√0.18 + 0.841621·√0.175]² / 0.01 = 140.095; ·¼(1 + √(1 + 4/14.0095))² = 159.468.
    const r = patientsPerGroupTwoProportions({ rate1: 0.05, rate2: 0.15 });
    expect(r.exactUncorrected).toBeCloseTo(140.095, 2);
    expect(r.exactCorrected).toBeCloseTo(159.468, 2);
    expect(r.perGroupUncorrected).toBe(141);
    expect(r.perGroupCorrected).toBe(160);
    expect(r).toMatchObject({ alpha: 0.05, power: 0.8 });
  });

  it('is symmetric in the two rates, and the correction adds about 2/|p1 − p2|', () => {
    const a = patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.3, power: 0.9 });
    const b = patientsPerGroupTwoProportions({ rate1: 0.3, rate2: 0.1, power: 0.9 });
    expect(a).toEqual(b);
    expect(a.exactCorrected - a.exactUncorrected).toBeGreaterThan(0.9 * (2 / 0.2));
    expect(a.exactCorrected - a.exactUncorrected).toBeLessThan(1.1 * (2 / 0.2));
  });

  it('names the field it rejects', () => {
    expect(fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0, rate2: 0.1 }))).toBe('rate1');
    expect(fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 1 }))).toBe('rate2');
    expect(fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.1 }))).toBe('rate2');
    expect(
      fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.2, power: 1 })),
    ).toBe('power');
    expect(
      fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.2, alpha: Number.NaN })),
    ).toBe('alpha');
  });
});
