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
export function openAreaFraction(days: number, p: HealingParameterValues): number {
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
  const closed = 1 - openAreaFraction(days, p);
  const remodelled = 1 - Math.exp(-days / p.remodellingDays);
  return p.lastingAreaLossFraction * (p.closureShare * closed + (1 - p.closureShare) * remodelled);
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
