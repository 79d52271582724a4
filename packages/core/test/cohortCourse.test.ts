import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cohortOutcome,
  cohortOutcomeOnDays,
  cohortSeriesAreaLossFraction,
  defaultParameterValues,
  type HealingParameterValues,
  planTreatment,
  Rng,
  SortFromLastOrder,
  sampleCohort,
  seriesAreaLossFraction,
  simulateTreatment,
  sortsBefore,
} from '../src/index.js';

/** Float64Array.prototype.sort's result, the reference. */
const sortedCopy = (values: ArrayLike<number>) => Float64Array.from(values).sort();

/** How many entries differ, compared as Object.is does (so −0 and +0 differ). */
const differing = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).filter((v, i) => !Object.is(v, b[i])).length;

describe('sorting a cohort day after day from the last order', () => {
  it('gives what Float64Array.prototype.sort gives, −0, +0, ties and NaN included (property)', () => {
    const value = fc.oneof(
      fc.double({ noNaN: false }),
      fc.constantFrom(0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 7, maxLength: 7 }), { minLength: 1 }),
        (days) => {
          const sorter = new SortFromLastOrder(7);
          for (const day of days) expect(differing(sorter.sort(day), sortedCopy(day))).toBe(0);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('follows values that drift from day to day, and ones that change order wholesale', () => {
    const rng = new Rng(5);
    const n = 1000;
    const base = Float64Array.from({ length: n }, () => rng.next());
    const rate = Float64Array.from({ length: n }, () => rng.next());
    const sorter = new SortFromLastOrder(n);
    for (let day = 0; day < 60; day++) {
      // A slow drift most days (few values change places), a reversal every 20th day.
      const values =
        day % 20 === 19
          ? base.map((b) => -b)
          : base.map((b, i) => b * (1 - Math.exp(-day / 30)) + rate[i] * 0.01 * day);
      expect(differing(sorter.sort(values), sortedCopy(values)), `day ${day}`).toBe(0);
    }
  });

  it('orders as the typed-array sort does', () => {
    expect(sortsBefore(-0, 0)).toBe(true);
    expect(sortsBefore(0, -0)).toBe(false);
    expect(sortsBefore(1, Number.NaN)).toBe(true);
    expect(sortsBefore(Number.NaN, 1)).toBe(false);
    expect(sortsBefore(Number.NaN, Number.NaN)).toBe(false);
    expect(sortsBefore(2, 2)).toBe(false);
    expect(() => new SortFromLastOrder(3).sort([1, 2])).toThrow(RangeError);
  });
});

describe('a cohort’s area loss on any day', () => {
  const sessionDays = [0, 42, 120];
  const nominal = defaultParameterValues();

  it('equals seriesAreaLossFraction per patient, bit for bit, whether or not patients share a curve', () => {
    const patients: HealingParameterValues[] = sampleCohort(300, nominal, new Rng(9));
    // A few patients with a curve of their own, between ones that share the nominal curve.
    patients[10] = { ...patients[10], remodellingDays: nominal.remodellingDays * 1.7 };
    patients[11] = { ...patients[11], closureShare: 0.25 };
    patients[200] = { ...patients[200], closureHours: 6 };
    const cohortEtaAt = cohortSeriesAreaLossFraction(sessionDays, patients);
    for (const day of [0, 0.5, 1, 3, 41, 42, 42.25, 60, 119, 120, 121, 365, 3650]) {
      const expected = patients.map((p) => seriesAreaLossFraction(day, sessionDays, p));
      expect(differing(cohortEtaAt(day), expected), `day ${day}`).toBe(0);
    }
  });

  it('is each virtual patient’s own curve times their own mechanics in the simulation', () => {
    // The simulation's patients are the sampled ones (seed 1); each patient's loss over their
    // own η is their area change per unit η, the same on every day.
    const run = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      sessions: 2,
      cohort: 200,
    });
    const patients = sampleCohort(200, nominal, new Rng(1));
    const sessions = run.simulation.sessions.map((s) => s.day);
    const perEta = (day: number) =>
      Array.from(
        run.cohortAreaLossAt(day),
        (loss, i) => loss / seriesAreaLossFraction(day, sessions, patients[i]),
      );
    const atNinety = perEta(90);
    for (const day of [1, 14, 50, 180]) {
      perEta(day).forEach((value, i) => {
        expect(Math.abs(value / atNinety[i] - 1), `patient ${i}, day ${day}`).toBeLessThan(1e-14);
      });
    }
    expect(new Set(atNinety.map((v) => v.toPrecision(6))).size).toBeGreaterThan(100);
    expect(differing(run.cohortAreaLossAt(180), run.cohortAreaLoss)).toBe(0);
  });
});

describe('the cohort’s outcome on many days', () => {
  it('gives each day what cohortOutcome gives on that day alone, in whatever order the days come', () => {
    const run = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      sessions: 2,
      days: [400],
    });
    const onDay = cohortOutcomeOnDays(run.outcomeDraws, 3.5);
    const days = [0, 1, 2, 3, 90, 91, 400, 30, 180, 181, 1200, 5, 399];
    for (const day of days) {
      const loss = run.cohortAreaLossAt(day);
      const expected = cohortOutcome(loss, run.outcomeDraws, 3.5, day);
      expect(onDay(loss, day), `day ${day}`).toStrictEqual(expected);
      // The sorted loss handed in (as the daily course does) changes nothing.
      expect(onDay(loss, day, Float64Array.from(loss).sort()), `day ${day}`).toStrictEqual(
        expected,
      );
    }
  });
});
