import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addContribution,
  aggregateEvidence,
  DEFAULT_WINDOWS,
  type EvidenceContribution,
  emptyEvidencePartial,
  evidenceContribution,
  evidencePartialOf,
  finishEvidence,
  kaplanMeier,
  kaplanMeierOfCounts,
  meanOfCounts,
  meanWithInterval,
  medianDuration,
  medianDurationOfCounts,
  mergeEvidencePartials,
  type Stratification,
  subtractContribution,
  summarizeEvidence,
  syntheticCohort,
} from '../src/index.js';

/**
 * The evidence summary's partial aggregate (evidence/partial.ts): exact integer counts, so merging,
 * adding and subtracting give exactly the partial (and the summary) of the resulting set, and the
 * summary does not depend on the order of the contributions.
 */

/** Contributions of a synthetic cohort cut part-way (series still booked, events still open). */
function contributionsOf(seed: number, patients: number, cutoffDays: number) {
  const cutoffDate = new Date(Date.UTC(2025, 0, 6 + cutoffDays)).toISOString().slice(0, 10);
  const cohort = syntheticCohort({ seed, patients, startDate: '2025-01-06', cutoffDate });
  return cohort.map((j) => evidenceContribution(j, DEFAULT_WINDOWS));
}

/** Fisher–Yates with a small seeded generator (mulberry32): a permutation fixed by `seed`. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const cohortArbitrary = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  patients: fc.integer({ min: 1, max: 40 }),
  cutoffDays: fc.integer({ min: 30, max: 400 }),
  stratify: fc.constantFrom<Stratification>('none', 'fitzpatrick', 'sessions'),
  // Without a day (the pool) or with one (a clinic's today), from early to late.
  asOf: fc.option(
    fc
      .integer({ min: 0, max: 900 })
      .map((d) => new Date(Date.UTC(2025, 0, 6 + d)).toISOString().slice(0, 10)),
    { nil: undefined },
  ),
});

/**
 * A partial as JSON with every object's keys sorted: two partials of one set hold the same counts,
 * but a histogram's keys may have been inserted in another order.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Exactly the same JSON, to the last bit of every number (toEqual alone would let −0 pass as 0). */
function expectSameJson(actual: unknown, expected: unknown) {
  expect(actual).toEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

describe('the partial aggregate of contributions', () => {
  it('merges: the partials of A and of B merge into the partial of A ∪ B, and finish alike', () => {
    fc.assert(
      fc.property(cohortArbitrary, fc.nat(), (c, cut) => {
        const all = contributionsOf(c.seed, c.patients, c.cutoffDays);
        const options = { stratify: c.stratify, asOf: c.asOf };
        const split = cut % (all.length + 1);
        const merged = evidencePartialOf(all.slice(0, split), options);
        mergeEvidencePartials(merged, evidencePartialOf(all.slice(split), options));
        const whole = evidencePartialOf(all, options);
        expect(canonical(merged)).toBe(canonical(whole));
        expectSameJson(finishEvidence(merged), finishEvidence(whole));
      }),
      { numRuns: 60 },
    );
  });

  it('subtracts exactly: adding a contribution and subtracting it again leaves the partial as it was', () => {
    fc.assert(
      fc.property(cohortArbitrary, fc.nat(), (c, pick) => {
        const all = contributionsOf(c.seed, c.patients, c.cutoffDays);
        const options = { stratify: c.stratify, asOf: c.asOf };
        const k = pick % all.length;
        const others = [...all.slice(0, k), ...all.slice(k + 1)];
        const before = canonical(evidencePartialOf(others, options));
        // Out of the whole set: the partial of the others, as if it had never been added.
        const partial = evidencePartialOf(all, options);
        subtractContribution(partial, all[k]);
        expect(canonical(partial)).toBe(before);
        addContribution(partial, all[k]);
        subtractContribution(partial, all[k]);
        expect(canonical(partial)).toBe(before);
        // A correction: the old contribution out, a new one in, is the partial with the new one.
        const replaced = [...others, all[(k + 1) % all.length]];
        addContribution(partial, all[(k + 1) % all.length]);
        expectSameJson(finishEvidence(partial), aggregateEvidence(replaced, options));
      }),
      { numRuns: 60 },
    );
  });

  it('does not depend on the order of the contributions, to the last bit', () => {
    fc.assert(
      fc.property(cohortArbitrary, fc.integer(), (c, seed) => {
        const all = contributionsOf(c.seed, c.patients, c.cutoffDays);
        const options = { stratify: c.stratify, asOf: c.asOf };
        expectSameJson(
          aggregateEvidence(shuffled(all, seed), options),
          aggregateEvidence(all, options),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('is summarizeEvidence when finished: one code path', () => {
    const cohort = syntheticCohort({ seed: 7, patients: 50, startDate: '2025-01-06' });
    const partial = emptyEvidencePartial({ stratify: 'fitzpatrick' });
    for (const j of cohort) addContribution(partial, evidenceContribution(j, DEFAULT_WINDOWS));
    expectSameJson(finishEvidence(partial), summarizeEvidence(cohort, { stratify: 'fitzpatrick' }));
    // Stored as a server stores it (JSON), it finishes alike.
    expectSameJson(finishEvidence(JSON.parse(canonical(partial))), finishEvidence(partial));
  });

  it('refuses to subtract what was never added, and to merge partials of other options', () => {
    const [first] = contributionsOf(3, 5, 300).filter((c) => c.course);
    const untreated: EvidenceContribution = { fitzpatrickType: 2, course: null, adverseEvents: [] };
    expect(() => subtractContribution(emptyEvidencePartial(), first)).toThrow(RangeError);
    expect(() => subtractContribution(emptyEvidencePartial(), untreated)).toThrow(RangeError);
    expect(() =>
      mergeEvidencePartials(
        emptyEvidencePartial({ stratify: 'fitzpatrick' }),
        emptyEvidencePartial({ stratify: 'sessions' }),
      ),
    ).toThrow(RangeError);
    expect(() =>
      mergeEvidencePartials(emptyEvidencePartial(), emptyEvidencePartial({ asOf: '2025-06-30' })),
    ).toThrow(RangeError);
  });
});

describe('statistics of counted values', () => {
  it('gives the mean, sd and t-interval of the values the histogram stands for', () => {
    const counted = meanOfCounts([
      [1, 2],
      [3, 2],
      [4, 1],
    ]);
    const listed = meanWithInterval([1, 1, 3, 3, 4]);
    expect(counted.n).toBe(5);
    expect(counted.mean).toBeCloseTo(2.4, 12);
    // Σ(v − 2.4)² = 2·1.96 + 2·0.36 + 2.56 = 7.2; sd = √(7.2 / 4).
    expect(counted.sd).toBeCloseTo(Math.sqrt(1.8), 12);
    expect(counted.ci95?.low).toBeCloseTo(listed.ci95?.low ?? Number.NaN, 12);
    expect(counted.ci95?.high).toBeCloseTo(listed.ci95?.high ?? Number.NaN, 12);
  });

  it('gives the same Kaplan–Meier steps and median for durations grouped with their counts', () => {
    const durations = [6, 6, 6, 7, 10, 13, 16, 22, 23]
      .map((days) => ({ days, resolved: true }))
      .concat(
        [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35].map((days) => ({ days, resolved: false })),
      );
    const grouped = new Map<string, { days: number; resolved: boolean; count: number }>();
    for (const d of durations) {
      const key = `${d.days} ${d.resolved}`;
      const g = grouped.get(key) ?? { ...d, count: 0 };
      g.count++;
      grouped.set(key, g);
    }
    expect(kaplanMeierOfCounts([...grouped.values()])).toEqual(kaplanMeier(durations));
    expect(medianDurationOfCounts([...grouped.values()])).toEqual(medianDuration(durations));
    expect(medianDuration(durations).median).toBe(23);
    expect(() => kaplanMeierOfCounts([{ days: 3, resolved: true, count: 0 }])).toThrow(RangeError);
  });
});
