import { MicrocoreError } from '../errors.js';
import { binomialAtMost, clopperPearsonUpper } from './proportion.js';
import { standardNormalQuantile } from './quantiles.js';

/**
 * Sample sizes for the study still missing: hyperpigmentation in Fitzpatrick V–VI.
 * Sources (docs/evidence.md): Clopper & Pearson 1934; Hanley & Lippman-Hand 1983 (rule of three);
 * Fleiss, Levin & Paik 2003 §4.2 and Fleiss, Tytun & Ury 1980 (continuity correction).
 */

/** A range an input may take, and why a study would not go beyond it. */
export interface SampleSizeRange {
  readonly min: number;
  readonly max: number;
  readonly why: string;
}

/**
 * Every bound on a sample-size question, in one place. Outside them the answer is not a study a
 * clinic or a registry would run, and the work to find it would grow without limit (a bound of
 * 1e-300 once kept the search running for ever). The server's query schema states the same
 * ranges, so a 422 names the field and the range before the core is called.
 */
export const SAMPLE_SIZE_LIMITS = {
  expectedRate: {
    min: 0,
    max: 0.5,
    why: 'an adverse-event rate; above 50 % the event is the usual course, not a complication',
  },
  maxUpperBound: {
    min: 0.001,
    max: 0.5,
    why: 'below 0.1 % no study short of thousands of patients per event could show it',
  },
  /** maxUpperBound − expectedRate at least this much: a bound closer to the rate is unprovable. */
  marginAboveExpectedRate: 0.001,
  oneSidedAlpha: {
    min: 0.001,
    max: 0.1,
    why: 'a one-sided confidence of 90 % to 99.9 %',
  },
  rate: {
    min: 0.001,
    max: 0.999,
    why: 'a proportion short of never and always, where both groups vary',
  },
  alpha: {
    min: 0.001,
    max: 0.2,
    why: 'a two-sided significance level of 0.1 % to 20 %',
  },
  power: {
    min: 0.5,
    max: 0.99,
    why: 'below 50 % a study would more likely miss the difference than find it',
  },
  /** Ten times the largest dermatology trials; beyond it the question needs a registry, not a study. */
  maxPatients: 100_000,
} as const;

/** Counts the work of one call, for tests that bound it. */
export interface SampleSizeWork {
  /** Evaluations of the binomial tail (one incomplete beta) or of the closed-form bound. */
  evaluations: number;
}

export interface UpperBoundSampleSizeInput {
  /** The event rate expected in the study, in [0, 0.5]. 0 for "no event expected". */
  readonly expectedRate: number;
  /** The rate the upper confidence bound must stay below, in [0.001, 0.5], above expectedRate. */
  readonly maxUpperBound: number;
  /** One-sided level of the upper bound, in [0.001, 0.1]: 0.05 (default) = one-sided 95 % bound. */
  readonly oneSidedAlpha?: number;
}

export interface UpperBoundSampleSize {
  /** Smallest n at which ⌈expectedRate · n⌉ events give an exact upper bound below the limit. */
  readonly patients: number;
  readonly expectedEvents: number;
  /** The Clopper–Pearson upper bound at that n and event count. */
  readonly upperBound: number;
  /** ⌈3 / maxUpperBound⌉, the rule-of-three approximation (only at expectedRate 0). */
  readonly ruleOfThreePatients: number | null;
  readonly oneSidedAlpha: number;
}

/**
 * Patients needed so that, if events occur at the expected rate, the exact one-sided upper
 * confidence bound on the rate is below `maxUpperBound`. Events are rounded UP (⌈p·n⌉), the
 * cautious side. At zero expected events the bound is 1 − α^(1/n), so n = ⌈ln α / ln(1 − bound)⌉
 * (just above, when that is an integer); the rule of three, 3/bound, approximates it for α = 0.05.
 * The work is bounded: a closed form at p = 0, otherwise two bisections and a scan of a window
 * of event counts whose width is about 2p²/(bound − p), a few hundred at most within the limits.
 */
export function patientsForUpperBound(
  input: UpperBoundSampleSizeInput,
  work?: SampleSizeWork,
): UpperBoundSampleSize {
  const { expectedRate, maxUpperBound } = input;
  const alpha = input.oneSidedAlpha ?? 0.05;
  within(expectedRate, 'expectedRate', SAMPLE_SIZE_LIMITS.expectedRate);
  within(maxUpperBound, 'maxUpperBound', SAMPLE_SIZE_LIMITS.maxUpperBound);
  within(alpha, 'oneSidedAlpha', SAMPLE_SIZE_LIMITS.oneSidedAlpha);
  const margin = SAMPLE_SIZE_LIMITS.marginAboveExpectedRate;
  // The tolerance keeps 0.1 − 0.099 (0.00099999… in binary) acceptable.
  if (maxUpperBound - expectedRate < margin - 1e-12) {
    invalid(
      `maxUpperBound ${maxUpperBound} must be at least ${margin} above expectedRate ${expectedRate}: no study size can bound the rate closer to what is expected; raise the bound`,
      'maxUpperBound',
    );
  }
  // The bound is below the limit exactly when P(X ≤ events | n, limit) < α (its definition); the
  // tail is one forward incomplete beta, the bound an inverse of it (up to 100 times the work).
  const passes = (events: number, n: number): boolean => {
    if (work) work.evaluations++;
    return binomialAtMost(events, n, maxUpperBound) < alpha;
  };
  const result = (patients: number, events: number): UpperBoundSampleSize => ({
    patients,
    expectedEvents: events,
    upperBound: clopperPearsonUpper(events, patients, alpha),
    ruleOfThreePatients: expectedRate === 0 ? Math.ceil(3 / maxUpperBound) : null,
    oneSidedAlpha: alpha,
  });
  if (expectedRate === 0) {
    // 1 − α^(1/n) < bound ⇔ n > ln α / ln(1 − bound); rounding moves the edge by one at most.
    let n = Math.max(1, Math.floor(Math.log(alpha) / Math.log1p(-maxUpperBound)));
    if (!passes(0, n)) n++;
    if (n > 1 && passes(0, n - 1)) n--;
    return result(n, 0);
  }
  const found = searchWithEvents(expectedRate, passes);
  if (found === null) {
    return invalid(
      `more than ${SAMPLE_SIZE_LIMITS.maxPatients} patients would be needed; raise maxUpperBound or lower expectedRate`,
      'maxUpperBound',
    );
  }
  return result(found.patients, found.events);
}

/**
 * The smallest n ≤ maxPatients with ⌈p·n⌉ = k events passing, or null. n runs in stretches of one
 * event count k; within a stretch the bound falls as n grows, so the stretch's last n, e_k, is its
 * best. The bound at e_k is not monotone in k (a sawtooth: e_k = ⌊k/p⌋ falls short of k/p by a
 * varying fraction), but it lies between two smooth decreasing envelopes, the bound at k/p
 * patients and at k/p − 1. Every k before the first where the lower envelope passes fails; the
 * first where the upper one passes passes. Both are found by bisection, the k between them are
 * tried in order, and the first passing stretch is bisected for its first passing n.
 */
function searchWithEvents(
  p: number,
  passes: (events: number, patients: number) => boolean,
): { patients: number; events: number } | null {
  const maxPatients = SAMPLE_SIZE_LIMITS.maxPatients;
  const kMax = expectedEventsIn(p, maxPatients);
  // Patients at which k events stop being expected: n ≤ k / (p (1 − ε)).
  const realEnd = (k: number) => k / (p * (1 - RELATIVE_ROUNDING));
  const runEnd = (k: number): number => {
    let n = Math.min(maxPatients, Math.floor(realEnd(k)));
    if (n < maxPatients && expectedEventsIn(p, n + 1) === k) n++;
    if (expectedEventsIn(p, n) > k) n--;
    return n;
  };
  // For k < kMax the stretch ends below maxPatients, so k/p is finite and the envelopes apply
  // (at a real number of patients: the tail is the incomplete beta's continuation).
  const kLow = firstTrue(1, kMax - 1, (k) => passes(k, realEnd(k)));
  const kHigh = firstTrue(kLow, kMax - 1, (k) => realEnd(k) - 1 > k && passes(k, realEnd(k) - 1));
  for (let k = kLow; k <= kHigh; k++) {
    const end = runEnd(k);
    if (!passes(k, end)) continue;
    const start = k === 1 ? 1 : runEnd(k - 1) + 1;
    const patients = firstTrue(start, end, (n) => passes(k, n));
    return { patients, events: k };
  }
  return null;
}

/** The first integer in [low, high] where `test` holds (it holds from there on), high + 1 if none. */
function firstTrue(low: number, high: number, test: (value: number) => boolean): number {
  let lo = low;
  let hi = high + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** p·n is rounded in binary (0.02 · 50 = 1.0000000000000002); a relative ε undoes that alone. */
const RELATIVE_ROUNDING = 1e-12;

/** Events expected in n patients, rounded up (the cautious side), ignoring rounding noise. */
export function expectedEventsIn(rate: number, n: number): number {
  return Math.ceil(rate * n * (1 - RELATIVE_ROUNDING));
}

export interface TwoProportionsInput {
  /** Expected rate in group 1 (e.g. Fitzpatrick I–IV), in [0.001, 0.999]. */
  readonly rate1: number;
  /** Expected rate in group 2 (e.g. Fitzpatrick V–VI), in [0.001, 0.999], ≠ rate1. */
  readonly rate2: number;
  /** Two-sided significance level, in [0.001, 0.2]; default 0.05. */
  readonly alpha?: number;
  /** In [0.5, 0.99]; default 0.8. */
  readonly power?: number;
}

export interface TwoProportionsSampleSize {
  /** Per group, equal groups, rounded up. */
  readonly perGroupUncorrected: number;
  readonly perGroupCorrected: number;
  /** The unrounded values, to compare with published tables. */
  readonly exactUncorrected: number;
  readonly exactCorrected: number;
  readonly alpha: number;
  readonly power: number;
}

/**
 * Patients per group (equal groups) to detect rate1 ≠ rate2 with a two-sided test:
 *   n' = [z_{1−α/2} √(2 p̄ q̄) + z_{power} √(p1 q1 + p2 q2)]² / (p1 − p2)²,  p̄ = (p1 + p2)/2
 * and with the continuity correction of Fleiss, Tytun & Ury (1980):
 *   n = n'/4 · [1 + √(1 + 4 / (n' |p1 − p2|))]²
 */
export function patientsPerGroupTwoProportions(
  input: TwoProportionsInput,
): TwoProportionsSampleSize {
  const { rate1, rate2 } = input;
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  within(rate1, 'rate1', SAMPLE_SIZE_LIMITS.rate);
  within(rate2, 'rate2', SAMPLE_SIZE_LIMITS.rate);
  within(alpha, 'alpha', SAMPLE_SIZE_LIMITS.alpha);
  within(power, 'power', SAMPLE_SIZE_LIMITS.power);
  if (rate1 === rate2)
    invalid('rate1 and rate2 are equal: there is no difference to detect', 'rate2');
  const difference = Math.abs(rate1 - rate2);
  const pBar = (rate1 + rate2) / 2;
  const zAlpha = standardNormalQuantile(1 - alpha / 2);
  const zBeta = standardNormalQuantile(power);
  const uncorrected =
    (zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) +
      zBeta * Math.sqrt(rate1 * (1 - rate1) + rate2 * (1 - rate2))) **
      2 /
    difference ** 2;
  const corrected = (uncorrected / 4) * (1 + Math.sqrt(1 + 4 / (uncorrected * difference))) ** 2;
  if (ceilSafe(corrected) > SAMPLE_SIZE_LIMITS.maxPatients) {
    invalid(
      `rate1 ${rate1} and rate2 ${rate2} are too close: more than ${SAMPLE_SIZE_LIMITS.maxPatients} patients per group would be needed; compare rates further apart`,
      'rate2',
    );
  }
  return {
    perGroupUncorrected: ceilSafe(uncorrected),
    perGroupCorrected: ceilSafe(corrected),
    exactUncorrected: uncorrected,
    exactCorrected: corrected,
    alpha,
    power,
  };
}

// 140.0000000001 from rounding noise is 140, not 141.
function ceilSafe(value: number): number {
  return Math.ceil(value - 1e-9);
}

function within(value: number, field: string, range: SampleSizeRange): void {
  if (!(Number.isFinite(value) && value >= range.min && value <= range.max)) {
    invalid(`${field} must be ${rangeText(range)}, got ${value}`, field);
  }
}

/** "between 0.001 and 0.5 (why)": the same words in the core's errors and the API's schema. */
export function rangeText(range: SampleSizeRange): string {
  return `between ${range.min} and ${range.max} (${range.why})`;
}

function invalid(message: string, field: string): never {
  throw new MicrocoreError('sample-size.invalid-input', message, field);
}
