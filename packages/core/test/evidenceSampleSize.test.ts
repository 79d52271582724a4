import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedEventsIn } from '../src/evidence/sampleSize.js';
import {
  clopperPearsonUpper,
  isMicrocoreError,
  patientsForUpperBound,
  patientsPerGroupTwoProportions,
  SAMPLE_SIZE_LIMITS,
  type SampleSizeWork,
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
    expect(fieldOf(() => patientsForUpperBound({ expectedRate: 0.6, maxUpperBound: 0.7 }))).toBe(
      'expectedRate',
    );
    expect(
      fieldOf(() =>
        patientsForUpperBound({ expectedRate: 0, maxUpperBound: 0.1, oneSidedAlpha: 0.2 }),
      ),
    ).toBe('oneSidedAlpha');
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

/** The query's answer, or the field it refuses, and the work it took. */
function upperBoundOutcome(input: Parameters<typeof patientsForUpperBound>[0]) {
  const work: SampleSizeWork = { evaluations: 0 };
  try {
    return { result: patientsForUpperBound(input, work), field: undefined, work };
  } catch (error) {
    if (isMicrocoreError(error) && error.code === 'sample-size.invalid-input')
      return { result: undefined, field: error.field, work };
    throw error;
  }
}

const limits = SAMPLE_SIZE_LIMITS;
/**
 * Within the limits the search makes three bisections over at most 2^17 values (51 evaluations)
 * and tries the event counts between two envelopes one by one; the most seen in 100,000 inputs
 * chosen to widen that window (rates near 1/2, studies near 100,000, alpha 0.1) was 148.
 */
const MAX_EVALUATIONS = 200;

describe('the upper-bound search does bounded work (issue: a request that never ends)', () => {
  it('the queries that froze the process are refused at once, naming the field', () => {
    for (const input of [
      { expectedRate: 0, maxUpperBound: 1e-300 },
      { expectedRate: 1e-300, maxUpperBound: 2e-300 },
      { expectedRate: 0.049999, maxUpperBound: 0.05 },
    ]) {
      const outcome = upperBoundOutcome(input);
      expect(outcome.field).toBe('maxUpperBound');
      expect(outcome.work.evaluations).toBe(0);
    }
  });

  it('every input in the limits: the smallest n (n passes, n − 1 does not), within a bounded work', () => {
    const accepted = fc
      .record({
        expectedRate: fc.oneof(
          fc.constant(0),
          fc.double({ min: 0, max: limits.expectedRate.max, noNaN: true }),
          // Rates near 1/m make the sawtooth of ⌈p·n⌉ drift slowly: the widest windows.
          fc
            .tuple(
              fc.integer({ min: 2, max: 1000 }),
              fc.double({ min: -1e-4, max: 1e-4, noNaN: true }),
            )
            .map(([m, offset]) => Math.min(limits.expectedRate.max, Math.max(0, 1 / m + offset))),
        ),
        lift: fc.double({ min: 0, max: 1, noNaN: true }),
        oneSidedAlpha: fc.double({
          min: limits.oneSidedAlpha.min,
          max: limits.oneSidedAlpha.max,
          noNaN: true,
        }),
      })
      .map(({ expectedRate, lift, oneSidedAlpha }) => {
        // From the smallest bound allowed above the rate to the largest, crowded near the rate.
        const lowest = Math.max(
          limits.maxUpperBound.min,
          expectedRate + limits.marginAboveExpectedRate,
        );
        return {
          expectedRate,
          maxUpperBound: Math.min(limits.maxUpperBound.max, lowest + lift ** 4 * 0.1),
          oneSidedAlpha,
        };
      })
      .filter(
        (input) => input.maxUpperBound - input.expectedRate >= limits.marginAboveExpectedRate,
      );
    fc.assert(
      fc.property(accepted, (input) => {
        const { result, field, work } = upperBoundOutcome(input);
        expect(work.evaluations).toBeGreaterThan(0);
        expect(work.evaluations).toBeLessThanOrEqual(MAX_EVALUATIONS);
        const eventsAt = (n: number) => expectedEventsIn(input.expectedRate, n);
        const bound = (n: number) => clopperPearsonUpper(eventsAt(n), n, input.oneSidedAlpha);
        if (result === undefined) {
          // Refused only when even the largest study allowed does not show the bound.
          expect(field).toBe('maxUpperBound');
          expect(bound(limits.maxPatients)).toBeGreaterThanOrEqual(input.maxUpperBound);
          return;
        }
        const n = result.patients;
        expect(n).toBeLessThanOrEqual(limits.maxPatients);
        expect(result.expectedEvents).toBe(eventsAt(n));
        expect(result.upperBound).toBeLessThan(input.maxUpperBound);
        if (n > 1) expect(bound(n - 1)).toBeGreaterThanOrEqual(input.maxUpperBound);
      }),
      { numRuns: 300 },
    );
  });

  it('finds the first n of an exhaustive scan when the answer is small enough to scan', () => {
    const small = fc
      .record({
        expectedRate: fc.double({ min: 0.001, max: 0.4, noNaN: true }),
        lift: fc.double({ min: 0.03, max: 0.1, noNaN: true }),
        oneSidedAlpha: fc.constantFrom(0.01, 0.025, 0.05, 0.1),
      })
      .map(({ expectedRate, lift, oneSidedAlpha }) => ({
        expectedRate,
        maxUpperBound: Math.min(0.5, expectedRate + lift),
        oneSidedAlpha,
      }));
    fc.assert(
      fc.property(small, (input) => {
        const { result } = upperBoundOutcome(input);
        let first = 1;
        while (
          clopperPearsonUpper(
            expectedEventsIn(input.expectedRate, first),
            first,
            input.oneSidedAlpha,
          ) >= input.maxUpperBound
        )
          first++;
        expect(result?.patients).toBe(first);
      }),
      { numRuns: 40 },
    );
  });

  it('anything outside the limits is refused before any work, naming its field', () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.constantFrom(
        0,
        1e-300,
        -0,
        0.5000001,
        0.0009999,
        1,
        2,
        Number.NaN,
        Number.POSITIVE_INFINITY,
      ),
    );
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, (expectedRate, maxUpperBound, oneSidedAlpha) => {
        const { result, field, work } = upperBoundOutcome({
          expectedRate,
          maxUpperBound,
          oneSidedAlpha,
        });
        expect(work.evaluations).toBeLessThanOrEqual(MAX_EVALUATIONS);
        if (result !== undefined) return;
        expect(['expectedRate', 'maxUpperBound', 'oneSidedAlpha']).toContain(field);
      }),
      { numRuns: 500 },
    );
  });

  it('a refusal says the range: the field, its limits and why', () => {
    try {
      patientsForUpperBound({ expectedRate: 0, maxUpperBound: 1e-300 });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toContain('maxUpperBound must be between 0.001 and 0.5');
    }
  });
});

describe('two proportions: bounded inputs and study size', () => {
  it('refuses rates too close to tell apart within 100,000 patients per group, naming rate2', () => {
    expect(fieldOf(() => patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.1001 }))).toBe(
      'rate2',
    );
    // 0.1 vs 0.11 needs about 14,750 per group: answered.
    expect(
      patientsPerGroupTwoProportions({ rate1: 0.1, rate2: 0.11 }).perGroupCorrected,
    ).toBeLessThan(limits.maxPatients);
  });

  it('every input: an answer within the study limit, or a refusal naming its field', () => {
    const anyNumber = fc.oneof(fc.double(), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(anyNumber, anyNumber, anyNumber, anyNumber, (rate1, rate2, alpha, power) => {
        try {
          const r = patientsPerGroupTwoProportions({ rate1, rate2, alpha, power });
          expect(r.perGroupCorrected).toBeLessThanOrEqual(limits.maxPatients);
          expect(r.perGroupCorrected).toBeGreaterThanOrEqual(r.perGroupUncorrected);
        } catch (error) {
          if (!isMicrocoreError(error)) throw error;
          expect(['rate1', 'rate2', 'alpha', 'power']).toContain(error.field);
        }
      }),
      { numRuns: 500 },
    );
  });
});
