import { describe, expect, it } from 'vitest';
import { type Duration, kaplanMeier, medianDuration } from '../src/index.js';

/**
 * The 6-mercaptopurine arm of Freireich et al.'s 1963 leukaemia trial (weeks in remission, `+` =
 * censored): 6, 6, 6, 6+, 7, 9+, 10, 10+, 11+, 13, 16, 17+, 19+, 20+, 22, 23, 25+, 32+, 32+, 34+,
 * 35+ — the worked example of Kleinbaum & Klein, Survival Analysis (Springer), and of Cleves,
 * Gould & Gutierrez, An Introduction to Survival Analysis Using Stata (Stata Press), whose
 * `sts list` prints the survival, Greenwood standard error and log-log 95 % interval below.
 */
const SIX_MP: Duration[] = [
  [6, true],
  [6, true],
  [6, true],
  [6, false],
  [7, true],
  [9, false],
  [10, true],
  [10, false],
  [11, false],
  [13, true],
  [16, true],
  [17, false],
  [19, false],
  [20, false],
  [22, true],
  [23, true],
  [25, false],
  [32, false],
  [32, false],
  [34, false],
  [35, false],
].map(([days, resolved]) => ({ days: days as number, resolved: resolved as boolean }));

// time, at risk, events, S(t), Greenwood SE, log-log 95 % CI (printed to 4 decimals).
const PRINTED = [
  [6, 21, 3, 0.8571, 0.0764, 0.6197, 0.9516],
  [7, 17, 1, 0.8067, 0.0869, 0.5631, 0.9228],
  [10, 15, 1, 0.7529, 0.0963, 0.5032, 0.8894],
  [13, 12, 1, 0.6902, 0.1068, 0.4316, 0.8491],
  [16, 11, 1, 0.6275, 0.1141, 0.3675, 0.8049],
  [22, 7, 1, 0.5378, 0.1282, 0.2678, 0.7468],
  [23, 6, 1, 0.4482, 0.1346, 0.1881, 0.6801],
];

describe('kaplanMeier', () => {
  it("reproduces the textbooks' table for the 6-MP arm", () => {
    const steps = kaplanMeier(SIX_MP);
    expect(steps).toHaveLength(PRINTED.length);
    steps.forEach((s, k) => {
      const [days, atRisk, ended, survival, se, low, high] = PRINTED[k];
      expect(s.days).toBe(days);
      expect(s.atRisk).toBe(atRisk);
      expect(s.ended).toBe(ended);
      expect(s.survival).toBeCloseTo(survival, 4);
      expect(s.standardError).toBeCloseTo(se, 4);
      expect(s.ci95?.low).toBeCloseTo(low, 4);
      expect(s.ci95?.high).toBeCloseTo(high, 4);
    });
  });

  it('gives the 6-MP median 23 weeks with the interval [13, not reached]', () => {
    // Brookmeyer–Crowley on the log-log band: the lower end first reaches ½ at 13 (0.4316),
    // the upper end never does (0.6801 at the last event).
    const m = medianDuration(SIX_MP);
    expect(m.median).toBe(23);
    expect(m.ci95).toEqual({ low: 13, high: null });
    expect(m.resolved).toBe(9);
    expect(m.open).toBe(12);
    expect(m.longestObservedDays).toBe(35);
    expect(m.longestIsOpen).toBe(true);
  });

  it('is the empirical survival and the sample median when nothing is censored', () => {
    const days = [3, 1, 4, 1, 5, 9, 2, 6];
    const steps = kaplanMeier(days.map((d) => ({ days: d, resolved: true })));
    // Sorted: 1 1 2 3 4 5 6 9 → S = 6/8 after 1, 5/8 after 2, …
    expect(steps.map((s) => s.days)).toEqual([1, 2, 3, 4, 5, 6, 9]);
    expect(steps.map((s) => s.survival)).toEqual([6, 5, 4, 3, 2, 1, 0].map((k) => k / 8));
    // Even n: S = ½ exactly after 3, so the median is halfway to the next event (3 + 4) / 2.
    expect(medianDuration(days.map((d) => ({ days: d, resolved: true }))).median).toBe(3.5);
    // Odd n: the middle value.
    expect(medianDuration([2, 7, 4].map((d) => ({ days: d, resolved: true }))).median).toBe(4);
  });

  it('counts an open event as still at risk at its own day, and never as ended', () => {
    // Resolved 2 and 4, open at 2 (the open one is still going at 2, so at risk there) and 10.
    const steps = kaplanMeier([
      { days: 2, resolved: true },
      { days: 2, resolved: false },
      { days: 4, resolved: true },
      { days: 10, resolved: false },
    ]);
    expect(steps.map((s) => [s.days, s.atRisk, s.ended])).toEqual([
      [2, 4, 1],
      [4, 2, 1],
    ]);
    expect(steps[1].survival).toBeCloseTo(0.75 * 0.5, 12);
  });

  it('has no median while more than half are still open, and no interval without an event', () => {
    const mostlyOpen = [1, 5, 8].map((d, i) => ({ days: d, resolved: i === 0 }));
    const m = medianDuration(mostlyOpen);
    expect(m.median).toBeNull();
    expect(medianDuration([{ days: 4, resolved: false }]).ci95).toBeNull();
    expect(medianDuration([])).toMatchObject({ median: null, resolved: 0, open: 0 });
  });

  it('refuses a negative or non-finite duration', () => {
    expect(() => kaplanMeier([{ days: -1, resolved: true }])).toThrow(RangeError);
    expect(() => kaplanMeier([{ days: Number.NaN, resolved: true }])).toThrow(RangeError);
  });
});
