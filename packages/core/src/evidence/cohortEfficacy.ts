import { normalDraws, POSTERIOR_DRAWS, REFERENCE_DAY } from '../heal/outcome.js';
import { defaultParameterValues, type HealingParameterValues } from '../heal/parameters.js';
import { lemperleChange, type ResponseParameters } from '../heal/response.js';
import { sampleCohort } from '../heal/simulate.js';
import { areaLossFraction, seriesAreaLossFraction } from '../heal/woundCourse.js';
import type { FitzpatrickType, GaisScore } from '../records/types.js';
import type { Rng } from '../rng.js';

/**
 * The ONE place the synthetic cohort asks the outcome model for a patient's efficacy, so that the
 * cohort's results spread as the model's predictions do (docs/model.md §4, docs/evidence.md):
 * - a cohort is one possible world: it draws ONE parameter set of the response law from the
 *   calibration's posterior (drawCohortResponse), as it draws its adverse-event rates once;
 * - each patient draws what the model's virtual patients draw: the uncertain healing parameters
 *   (heal/simulate.ts sampleCohort, e.g. the lasting share of the removed area), a responsiveness
 *   and, beyond the published follow-up, a drift;
 * - their Lemperle change is the response law (heal/response.ts) of their own area loss relative
 *   to the default plan's at 90 days, the calibration's reference.
 * Left out, and so narrower than the model by that much: the coupling length's and the edge
 * margin's effect on the tightening per unit area loss (they need the finite-element field; the
 * cohort's sessions all follow the default plan). docs/model.md's sensitivity section gives
 * their share of the variance.
 */

/**
 * Fitzpatrick V–VI: no efficacy data (docs/domain.md §5). The mean responsiveness is kept (no
 * evidence of a direction) and its log-sd is widened by this factor. ASSUMPTION, so the cohort
 * does not give V–VI the certainty of I–IV.
 */
export const V_VI_RESPONSE_SPREAD_FACTOR = 1.5;

/**
 * GAIS categories above "improved": the calibration identifies only the bar for "improved" (τ,
 * fitted, docs/model.md §4); no source grades "much" and "very much improved". ASSUMPTION, for the
 * synthetic records only: much improved at 2τ, very much at 3τ, worse at a loss of τ or more.
 */
export const GAIS_MULTIPLES_OF_TAU = { veryMuchImproved: 3, muchImproved: 2, worse: -1 } as const;

const NOMINAL = defaultParameterValues();
/** η of the calibration's reference: the default plan, one session, nominal healing, day 90. */
const REFERENCE_ETA = areaLossFraction(REFERENCE_DAY, NOMINAL);

/** The cohort's world: one parameter set of the response law from the posterior. */
export function drawCohortResponse(rng: Rng): ResponseParameters {
  return POSTERIOR_DRAWS[rng.int(POSTERIOR_DRAWS.length)];
}

/** A patient's own draws of the model's between-patient variation. */
export interface ModelPatient {
  readonly fitzpatrickType: FitzpatrickType;
  /** A standard normal draw: the patient's responsiveness. */
  readonly responsivenessZ: number;
  /** A standard normal draw: the direction of their drift beyond the published follow-up. */
  readonly driftZ: number;
  /** Their healing parameters, drawn as the model's virtual patients' are. */
  readonly healing: HealingParameterValues;
}

export function drawModelPatient(fitzpatrickType: FitzpatrickType, rng: Rng): ModelPatient {
  const [responsivenessZ, driftZ] = normalDraws(2, rng);
  const [healing] = sampleCohort(1, NOMINAL, rng);
  return { fitzpatrickType, responsivenessZ, driftZ, healing };
}

/**
 * The model's Lemperle improvement (grades, continuous: a latent severity) of a zone graded
 * `baselineGrade`, `day` days after the first session, for this patient in this world.
 */
export function modelImprovementGrades(
  baselineGrade: number,
  day: number,
  sessionDays: readonly number[],
  patient: ModelPatient,
  response: ResponseParameters,
): number {
  const x = seriesAreaLossFraction(day, sessionDays, patient.healing) / REFERENCE_ETA;
  if (patient.fitzpatrickType < 5) {
    return lemperleChange(x, baselineGrade, response, patient.responsivenessZ, day, patient.driftZ);
  }
  // R = exp(σ'z − (σ'² − σ²)/2) keeps E[R] = exp(σ²/2) with the widened σ' (a shift of z).
  const sigma = response.sigmaR;
  const wide = sigma * V_VI_RESPONSE_SPREAD_FACTOR;
  const z = patient.responsivenessZ - (wide ** 2 - sigma ** 2) / (2 * wide);
  return lemperleChange(x, baselineGrade, { ...response, sigmaR: wide }, z, day, patient.driftZ);
}

/** The investigator's GAIS for a Lemperle improvement, in this world (see GAIS_MULTIPLES_OF_TAU). */
export function modelGais(improvementGrades: number, response: ResponseParameters): GaisScore {
  const tau = response.tau;
  if (improvementGrades >= GAIS_MULTIPLES_OF_TAU.veryMuchImproved * tau) return 1;
  if (improvementGrades >= GAIS_MULTIPLES_OF_TAU.muchImproved * tau) return 2;
  if (improvementGrades >= tau) return 3;
  if (improvementGrades > GAIS_MULTIPLES_OF_TAU.worse * tau) return 4;
  return 5;
}

/**
 * A whole Lemperle grade (raters grade 0–5 in whole grades, docs/domain.md §6) drawn for a latent
 * grade: one of the two whole grades around it, the upper with probability equal to the fraction,
 * so the drawn grades have the model's mean (rounding would shift it by up to half a grade, and
 * every patient with the same latent grade would get the same whole grade).
 */
export function drawWholeGrade(latentGrade: number, rng: Rng): number {
  const clamped = Math.min(5, Math.max(0, latentGrade));
  const low = Math.floor(clamped);
  return rng.next() < clamped - low ? low + 1 : low;
}
