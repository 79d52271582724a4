import type { HealingParameterValues } from './parameters.js';

/**
 * The time course of one wound and of the area loss it leaves. Time in days from the session.
 *  - Open area: the gaped hole closes exponentially within hours (OCT: closed before the patient
 *    leaves).
 *  - Epithelial cover: 1 − e^(−t/τ), with τ chosen so that cover reaches 95 % at the downtime.
 *  - Area loss: the lasting loss η∞ of the removed area arrives in two parts: a share as the holes
 *    close, the rest by remodelling contraction, a decaying exponential towards its floor whose
 *    rate does not depend on the wound's size (McGrath & Simon).
 */

/** Fraction of the gaped hole still open at `days`. */
export function openAreaFraction(
  days: number,
  p: Pick<HealingParameterValues, 'closureHours'>,
): number {
  if (days < 0) return 1;
  return Math.exp(-(days * 24) / p.closureHours);
}

/** Fraction of the wound surface covered by epithelium at `days`. */
export function epithelialCover(days: number, p: HealingParameterValues): number {
  if (days <= 0) return 0;
  return 1 - Math.exp((-days * Math.log(20)) / p.downtimeDays);
}

/**
 * η(t): the fraction of the removed area that is lost from the skin's stress-free surface at
 * `days` after one session (0 before it), rising to η∞ = lastingAreaLossFraction.
 */
export function areaLossFraction(days: number, p: HealingParameterValues): number {
  if (days < 0) return 0;
  return p.lastingAreaLossFraction * areaLossShare(days, p);
}

/** The parameters η(t)/η∞ depends on: all of the curve but its height η∞. */
const AREA_LOSS_SHARE_PARAMETERS = ['closureShare', 'closureHours', 'remodellingDays'] as const;
type AreaLossShareParameters = Pick<
  HealingParameterValues,
  (typeof AREA_LOSS_SHARE_PARAMETERS)[number]
>;

/** η(t)/η∞: the share of the lasting area loss reached `days` after one session (0 before it). */
export function areaLossShare(days: number, p: AreaLossShareParameters): number {
  if (days < 0) return 0;
  const closed = 1 - openAreaFraction(days, p);
  const remodelled = 1 - Math.exp(-days / p.remodellingDays);
  return p.closureShare * closed + (1 - p.closureShare) * remodelled;
}

/** η summed over sessions on the given days: later sessions add to earlier ones. */
export function seriesAreaLossFraction(
  days: number,
  sessionDays: readonly number[],
  p: HealingParameterValues,
): number {
  let sum = 0;
  for (const start of sessionDays) sum += areaLossFraction(days - start, p);
  return sum;
}

/**
 * `seriesAreaLossFraction` of each of a cohort's patients, on any day asked: the same numbers.
 * The patients differ in η∞ but mostly share the rest of the curve, so each session's η(t)/η∞
 * (the exponentials) is worked out once per distinct curve and day, not once per patient.
 */
export function cohortSeriesAreaLossFraction(
  sessionDays: readonly number[],
  patients: readonly HealingParameterValues[],
): (days: number) => Float64Array {
  const sessions = sessionDays.length;
  const lasting = Float64Array.from(patients, (p) => p.lastingAreaLossFraction);
  const curves: HealingParameterValues[] = [];
  const curveIndex = new Map<string, number>();
  const curveOf = Uint32Array.from(patients, (p) => {
    const key = AREA_LOSS_SHARE_PARAMETERS.map((name) => p[name]).join();
    let k = curveIndex.get(key);
    if (k === undefined) {
      k = curves.push(p) - 1;
      curveIndex.set(key, k);
    }
    return k;
  });
  const shares = new Float64Array(curves.length * sessions);
  return (days) => {
    for (let k = 0; k < curves.length; k++)
      for (let s = 0; s < sessions; s++)
        shares[k * sessions + s] = areaLossShare(days - sessionDays[s], curves[k]);
    const out = new Float64Array(patients.length);
    for (let i = 0; i < patients.length; i++) {
      // As areaLossFraction, session by session: η∞ × share (η∞ × 0 = 0 before the session).
      const first = curveOf[i] * sessions;
      let sum = 0;
      for (let s = 0; s < sessions; s++) sum += lasting[i] * shares[first + s];
      out[i] = sum;
    }
    return out;
  };
}

/**
 * The gaped hole: a circle of diameter d cut into skin under principal membrane stresses
 * σ1 ≥ σ2 opens into an ellipse. From Kirsch's solution for a traction-free hole (plane stress),
 * the hole's edge moves by Δa₁ = a(2σ1 − (1 − ν)σ2)/E along σ1 and Δa₂ = a(2σ2 − (1 − ν)σ1)/E
 * across, relative to the skin before the cut.
 */
export function gapedHole(
  diameterMm: number,
  p: HealingParameterValues,
): { majorAxisMm: number; minorAxisMm: number; areaMm2: number; areaRatio: number } {
  const a = diameterMm / 2;
  const s1 = p.restingTensionMPa;
  const s2 = p.restingTensionMPa * p.restingTensionRatio;
  const e = p.youngsModulusMPa;
  const nu = p.poissonRatio;
  const major = a * (1 + (2 * s1 - (1 - nu) * s2) / e);
  const minor = a * (1 + (2 * s2 - (1 - nu) * s1) / e);
  const areaMm2 = Math.PI * major * minor;
  return {
    majorAxisMm: 2 * major,
    minorAxisMm: 2 * minor,
    areaMm2,
    areaRatio: areaMm2 / (Math.PI * a * a),
  };
}
