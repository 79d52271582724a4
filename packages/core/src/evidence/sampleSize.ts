import { MicrocoreError } from '../errors.js';
import { clopperPearsonUpper } from './proportion.js';
import { standardNormalQuantile } from './quantiles.js';

/**
 * Sample sizes for the study still missing: hyperpigmentation in Fitzpatrick V–VI.
 * Sources (docs/evidence.md): Clopper & Pearson 1934; Hanley & Lippman-Hand 1983 (rule of three);
 * Fleiss, Levin & Paik 2003 §4.2 and Fleiss, Tytun & Ury 1980 (continuity correction).
 */

export interface UpperBoundSampleSizeInput {
  /** The event rate expected in the study, in [0, 1). 0 for "no event expected". */
  readonly expectedRate: number;
  /** The rate the upper confidence bound must stay below, in (0, 1). */
  readonly maxUpperBound: number;
  /** One-sided level of the upper bound: 0.05 (default) = one-sided 95 % bound. */
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

const MAX_PATIENTS = 1_000_000;

/**
 * Patients needed so that, if events occur at the expected rate, the exact one-sided upper
 * confidence bound on the rate is below `maxUpperBound`. Events are rounded UP (⌈p·n⌉), the
 * cautious side. At zero expected events the bound is 1 − α^(1/n), so n = ⌈ln α / ln(1 − bound)⌉
 * (just above, when that is an integer); the rule of three, 3/bound, approximates it for α = 0.05.
 */
export function patientsForUpperBound(input: UpperBoundSampleSizeInput): UpperBoundSampleSize {
  const { expectedRate, maxUpperBound } = input;
  const alpha = input.oneSidedAlpha ?? 0.05;
  openUnit(maxUpperBound, 'maxUpperBound');
  openUnit(alpha, 'oneSidedAlpha');
  if (!(Number.isFinite(expectedRate) && expectedRate >= 0 && expectedRate < 1)) {
    invalid(`expectedRate must be in [0, 1), got ${expectedRate}`, 'expectedRate');
  }
  if (expectedRate >= maxUpperBound) {
    invalid(
      `expectedRate ${expectedRate} is not below maxUpperBound ${maxUpperBound}: no study size can bound the rate below what is expected; raise the bound`,
      'maxUpperBound',
    );
  }
  const result = (patients: number, events: number): UpperBoundSampleSize => ({
    patients,
    expectedEvents: events,
    upperBound: clopperPearsonUpper(events, patients, alpha),
    ruleOfThreePatients: expectedRate === 0 ? Math.ceil(3 / maxUpperBound) : null,
    oneSidedAlpha: alpha,
  });
  const passes = (events: number, n: number) =>
    clopperPearsonUpper(events, n, alpha) < maxUpperBound;
  if (expectedRate === 0) {
    // 1 − α^(1/n) < bound ⇔ n > ln α / ln(1 − bound); step past rounding at the edge.
    let n = Math.max(1, Math.floor(Math.log(alpha) / Math.log(1 - maxUpperBound)));
    while (!passes(0, n)) n++;
    while (n > 1 && passes(0, n - 1)) n--;
    return result(n, 0);
  }
  // For a fixed event count k the bound falls as n grows, so within the run of n with ⌈p·n⌉ = k
  // the last n is the best; the first k whose best n passes holds the answer, found by bisection.
  // (Scanning n one by one would take seconds for a bound just above the rate.)
  for (let k = 1; ; k++) {
    let last = Math.floor(k / expectedRate);
    while (eventsAt(expectedRate, last + 1) === k) last++;
    while (last > 1 && eventsAt(expectedRate, last) > k) last--;
    if (last > MAX_PATIENTS) break;
    if (eventsAt(expectedRate, last) !== k || !passes(k, last)) continue;
    let low = Math.max(1, Math.floor((k - 1) / expectedRate));
    while (eventsAt(expectedRate, low) < k) low++;
    while (low > 1 && eventsAt(expectedRate, low - 1) === k) low--;
    let high = last;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (passes(k, mid)) high = mid;
      else low = mid + 1;
    }
    return result(high, k);
  }
  return invalid(
    `more than ${MAX_PATIENTS} patients would be needed; raise maxUpperBound or lower expectedRate`,
    'maxUpperBound',
  );
}

/** Events expected in n patients, rounded up (the cautious side), ignoring rounding noise. */
function eventsAt(rate: number, n: number): number {
  return Math.ceil(rate * n - 1e-9);
}

export interface TwoProportionsInput {
  /** Expected rate in group 1 (e.g. Fitzpatrick I–IV), in (0, 1). */
  readonly rate1: number;
  /** Expected rate in group 2 (e.g. Fitzpatrick V–VI), in (0, 1), ≠ rate1. */
  readonly rate2: number;
  /** Two-sided significance level, in (0, 1); default 0.05. */
  readonly alpha?: number;
  /** In (0, 1); default 0.8. */
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
  openUnit(rate1, 'rate1');
  openUnit(rate2, 'rate2');
  openUnit(alpha, 'alpha');
  openUnit(power, 'power');
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

function openUnit(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0 && value < 1)) {
    invalid(`${field} must be a number strictly between 0 and 1, got ${value}`, field);
  }
}

function invalid(message: string, field: string): never {
  throw new MicrocoreError('sample-size.invalid-input', message, field);
}
