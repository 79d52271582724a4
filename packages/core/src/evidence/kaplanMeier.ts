import type { Interval } from './meanInterval.js';
import { standardNormalQuantile } from './quantiles.js';

/**
 * Kaplan–Meier survival for durations of which some are still running (censored): an adverse
 * event still open at the patient's last contact counts as "lasted at least this long", not as
 * missing and not as over. Ignoring open events would shorten every median; counting them as
 * resolved would too.
 *
 * Greenwood's variance, and a pointwise 95 % interval on the log(−log S) scale (Kalbfleisch &
 * Prentice 1980; Stata's default, R's `conf.type = "log-log"`), which stays inside (0, 1). The
 * median's interval is Brookmeyer & Crowley's (Biometrics 1982;38:29): the times at which the
 * survival interval's ends cross one half. Checked in test/evidenceKaplanMeier.test.ts against
 * the 6-MP arm of Freireich's leukaemia trial as printed in survival textbooks.
 */
export interface Duration {
  /** Days from onset to resolution, or to the last contact when still open (≥ 0). */
  readonly days: number;
  /** True when resolved (an event), false when still open at the last contact (censored). */
  readonly resolved: boolean;
}

/** `count` durations alike (a histogram's bar): how the evidence summary keeps them. */
export interface CountedDuration extends Duration {
  /** A whole number ≥ 1. */
  readonly count: number;
}

const once = (d: Duration): CountedDuration => ({ days: d.days, resolved: d.resolved, count: 1 });

export interface SurvivalStep {
  /** A time at which at least one event ended. */
  readonly days: number;
  readonly atRisk: number;
  readonly ended: number;
  /** Probability the event is still going after `days`. */
  readonly survival: number;
  /** Greenwood's standard error of `survival` (null once survival reaches 0). */
  readonly standardError: number | null;
  /** Pointwise 95 % log-log interval (null once survival reaches 0). */
  readonly ci95: Interval | null;
}

export interface MedianDuration {
  /** Events that ended / still open; their sum is n. */
  readonly resolved: number;
  readonly open: number;
  /** Kaplan–Meier median; null while more than half are still going at the last time seen. */
  readonly median: number | null;
  /** Brookmeyer–Crowley 95 % interval; `high` null when it is not reached within follow-up. */
  readonly ci95: { readonly low: number | null; readonly high: number | null } | null;
  /** The longest duration observed, resolved or not (a lower bound when open). */
  readonly longestObservedDays: number | null;
  readonly longestIsOpen: boolean;
}

/** The Kaplan–Meier steps of `durations` (times with no event ending give no step). */
export function kaplanMeier(durations: readonly Duration[], confidence = 0.95): SurvivalStep[] {
  return kaplanMeierOfCounts(durations.map(once), confidence);
}

/** kaplanMeier of durations given with their counts (the same arithmetic: ties are grouped). */
export function kaplanMeierOfCounts(
  durations: readonly CountedDuration[],
  confidence = 0.95,
): SurvivalStep[] {
  for (const d of durations) {
    if (!(Number.isFinite(d.days) && d.days >= 0)) {
      throw new RangeError(`a duration must be a finite number of days ≥ 0, got ${d.days}`);
    }
    if (!(Number.isInteger(d.count) && d.count >= 1)) {
      throw new RangeError(`a duration's count must be a whole number ≥ 1, got ${d.count}`);
    }
  }
  const z = standardNormalQuantile(1 - (1 - confidence) / 2);
  // Events before censorings at a tie: an event open at day t was still at risk at t.
  const sorted = [...durations].sort(
    (a, b) => a.days - b.days || Number(b.resolved) - Number(a.resolved),
  );
  const steps: SurvivalStep[] = [];
  let atRisk = 0;
  for (const d of sorted) atRisk += d.count;
  let survival = 1;
  let greenwoodSum = 0;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i].days;
    let ended = 0;
    let leaving = 0;
    while (i < sorted.length && sorted[i].days === t) {
      if (sorted[i].resolved) ended += sorted[i].count;
      leaving += sorted[i].count;
      i++;
    }
    if (ended > 0) {
      survival *= 1 - ended / atRisk;
      if (atRisk > ended) greenwoodSum += ended / (atRisk * (atRisk - ended));
      const alive = survival > 0;
      const standardError = alive ? survival * Math.sqrt(greenwoodSum) : null;
      steps.push({
        days: t,
        atRisk,
        ended,
        survival,
        standardError,
        ci95: alive ? logLogInterval(survival, greenwoodSum, z) : null,
      });
    }
    atRisk -= leaving;
  }
  return steps;
}

/** S^exp(±z·√(Σ d/(n(n−d))) / |ln S|); at S = 1 (no information yet) the interval is [1, 1]. */
function logLogInterval(survival: number, greenwoodSum: number, z: number): Interval {
  const logS = Math.log(survival);
  if (logS === 0 || greenwoodSum === 0) return { low: survival, high: survival };
  const spread = (z * Math.sqrt(greenwoodSum)) / Math.abs(logS);
  return { low: survival ** Math.exp(spread), high: survival ** Math.exp(-spread) };
}

/**
 * The Kaplan–Meier median duration with its Brookmeyer–Crowley interval. The median is the first
 * time survival reaches ½ or below; when it equals ½ exactly over a stretch, the midpoint of that
 * stretch (the convention of R's survival package, which makes an uncensored median the sample
 * median). The interval's ends are the first times at which the interval's upper end, and its
 * lower end, reach ½; an end never reached is null (more follow-up is needed to say).
 */
export function medianDuration(durations: readonly Duration[]): MedianDuration {
  return medianDurationOfCounts(durations.map(once));
}

/** medianDuration of durations given with their counts. */
export function medianDurationOfCounts(durations: readonly CountedDuration[]): MedianDuration {
  let resolved = 0;
  let open = 0;
  for (const d of durations) {
    if (d.resolved) resolved += d.count;
    else open += d.count;
  }
  if (durations.length === 0) {
    return {
      resolved,
      open,
      median: null,
      ci95: null,
      longestObservedDays: null,
      longestIsOpen: false,
    };
  }
  const steps = kaplanMeierOfCounts(durations);
  const half = 0.5;
  const tolerance = 1e-12;
  let median: number | null = null;
  for (let k = 0; k < steps.length; k++) {
    if (steps[k].survival > half + tolerance) continue;
    const exactlyHalf = Math.abs(steps[k].survival - half) <= tolerance;
    median =
      exactlyHalf && k + 1 < steps.length ? (steps[k].days + steps[k + 1].days) / 2 : steps[k].days;
    break;
  }
  const firstBelow = (end: (s: SurvivalStep) => number) =>
    steps.find((s) => end(s) <= half + tolerance)?.days ?? null;
  let longest = durations[0];
  for (const d of durations) {
    if (d.days > longest.days || (d.days === longest.days && !d.resolved)) longest = d;
  }
  return {
    resolved,
    open,
    median,
    ci95:
      resolved === 0
        ? null
        : {
            low: firstBelow((s) => s.ci95?.low ?? 0),
            high: firstBelow((s) => s.ci95?.high ?? 0),
          },
    longestObservedDays: longest.days,
    longestIsOpen: !longest.resolved,
  };
}
