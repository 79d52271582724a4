import type { Rng } from '../rng.js';

/**
 * The outcome response model: predicted tightening → change on the Lemperle wrinkle scale and the
 * GAIS category, with patient-to-patient variation. A 2D membrane cannot wrinkle, so this layer
 * is an empirical response on top of the mechanics, calibrated to the pooled results of two early
 * studies (ASDS 2019: 30 patients, 60 areas, 90/180 days): a mean 1.1-grade Lemperle improvement
 * and 91 % of areas improved (GAIS, investigator). docs/model.md gives the calibration.
 *
 *   ΔL = min(L0, c · (A / A_ref) · R · L0 / 3)
 *
 * A: the patient's predicted area loss of the treated skin (fraction, positive = loss) at the day;
 * A_ref: the same for the default plan, nominal parameters, one session, at 90 days;
 * R: responsiveness, log-normal with median 1 and log-sd σ_R; L0: baseline grade (3 = moderately
 * deep, the calibration baseline); c and σ_R: fitted so the default plan's virtual cohort has mean
 * ΔL = 1.1 and P(ΔL ≥ 0.5) = 0.91 at 90 days.
 */
export const RESPONSE_CALIBRATION = {
  /** Area loss of the default plan's treated skin at 90 days, nominal parameters (fraction). */
  referenceAreaLossFraction: 0.0065822,
  /** c: grades per reference tightening, at baseline 3. */
  gradesPerReferenceTightening: 0.96909,
  /** σ_R: log-sd of patient responsiveness. */
  responsivenessLogSd: 0.39501,
  target: { meanLemperleChange: 1.1, improvedFraction: 0.91, day: 90, baselineLemperle: 3 },
  source: 'MED: ASDS 2019 pooled results of two early studies (docs/domain.md §4)',
} as const;

/** GAIS from a Lemperle change: ≥ 1.5 very much improved … ≤ −0.5 worse. */
export function gaisCategory(lemperleChange: number): 1 | 2 | 3 | 4 | 5 {
  if (lemperleChange >= 1.5) return 1;
  if (lemperleChange >= 1) return 2;
  if (lemperleChange >= 0.5) return 3;
  if (lemperleChange > -0.5) return 4;
  return 5;
}

export const GAIS_LABELS = [
  'very much improved',
  'much improved',
  'improved',
  'no change',
  'worse',
] as const;

/** Standard normal draws (Box–Muller), seeded. */
export function normalDraws(count: number, rng: Rng): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = Math.max(rng.next(), Number.MIN_VALUE);
    const u2 = rng.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

export interface CohortOutcome {
  readonly lemperleChange: { readonly mean: number; readonly low: number; readonly high: number };
  readonly gaisImprovedFraction: number;
  /** Fraction of virtual patients in GAIS 1..5. */
  readonly gaisDistribution: readonly number[];
}

/**
 * The outcome over a virtual cohort: `areaLoss[i]` is patient i's predicted area loss (fraction),
 * `responsivenessZ[i]` a standard normal draw for their responsiveness.
 */
export function cohortOutcome(
  areaLoss: Float64Array,
  responsivenessZ: Float64Array,
  baselineLemperle: number,
  calibration: typeof RESPONSE_CALIBRATION = RESPONSE_CALIBRATION,
): CohortOutcome {
  const n = areaLoss.length;
  const changes = new Float64Array(n);
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const raw =
      calibration.gradesPerReferenceTightening *
      (areaLoss[i] / calibration.referenceAreaLossFraction) *
      Math.exp(calibration.responsivenessLogSd * responsivenessZ[i]) *
      (baselineLemperle / 3);
    changes[i] = Math.min(baselineLemperle, raw);
    counts[gaisCategory(changes[i]) - 1]++;
  }
  const sorted = Float64Array.from(changes).sort();
  const mean = changes.reduce((a, v) => a + v, 0) / n;
  return {
    lemperleChange: { mean, low: quantile(sorted, 0.05), high: quantile(sorted, 0.95) },
    gaisImprovedFraction: (counts[0] + counts[1] + counts[2]) / n,
    gaisDistribution: counts.map((c) => c / n),
  };
}

/** Fit c and σ_R so a cohort's mean ΔL and improved fraction hit the targets (bisection on σ_R). */
export function fitResponse(
  areaLoss: Float64Array,
  responsivenessZ: Float64Array,
  referenceAreaLossFraction: number,
  target = RESPONSE_CALIBRATION.target,
): { gradesPerReferenceTightening: number; responsivenessLogSd: number } {
  const evaluate = (sigma: number) => {
    let sum = 0;
    for (let i = 0; i < areaLoss.length; i++) {
      sum += (areaLoss[i] / referenceAreaLossFraction) * Math.exp(sigma * responsivenessZ[i]);
    }
    const c = (target.meanLemperleChange * areaLoss.length) / sum;
    let improved = 0;
    for (let i = 0; i < areaLoss.length; i++) {
      if (
        c * (areaLoss[i] / referenceAreaLossFraction) * Math.exp(sigma * responsivenessZ[i]) >=
        0.5
      )
        improved++;
    }
    return { c, improved: improved / areaLoss.length };
  };
  // More spread → fewer patients above 0.5 at a fixed mean.
  let lo = 0;
  let hi = 2;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (evaluate(mid).improved > target.improvedFraction) lo = mid;
    else hi = mid;
  }
  const sigma = (lo + hi) / 2;
  return { gradesPerReferenceTightening: evaluate(sigma).c, responsivenessLogSd: sigma };
}

function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const i = Math.floor(position);
  const f = position - i;
  return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
}
