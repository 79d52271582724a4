import { gaisCategory, RESPONSE_CALIBRATION } from '../heal/outcome.js';
import { defaultParameterValues } from '../heal/parameters.js';
import { areaLossFraction, seriesAreaLossFraction } from '../heal/woundCourse.js';
import type { FitzpatrickType, GaisScore } from '../records/types.js';
import type { Rng } from '../rng.js';

/**
 * The ONE place the synthetic cohort asks the outcome model (heal/outcome.ts) for a patient's
 * efficacy, so the cohort's spread between patients is the model's own: when the model changes,
 * re-point these two functions and the cohort follows.
 *
 * Today's model: ΔL = min(L0, c · (A/A_ref) · R · L0/3), R = exp(σ_R z) per patient, with A/A_ref
 * = η_series(t)/η(90 d) of the nominal healing parameters (the default plan's tightening, sessions
 * adding: beyond one session an extrapolation, docs/model.md).
 */

/**
 * Fitzpatrick V–VI: no efficacy data (docs/domain.md §5). The mean response is kept (no evidence
 * of a direction) and the patient-to-patient log-sd is widened by this factor. ASSUMPTION, so the
 * cohort does not give V–VI the certainty of I–IV. When the model carries its own calibration
 * uncertainty (a posterior), draw its parameters once per cohort here, as the adverse-event
 * rates are (syntheticCohort.ts, drawCohortRates).
 */
export const V_VI_RESPONSE_SPREAD_FACTOR = 1.5;

const NOMINAL = defaultParameterValues();
const REFERENCE_ETA = areaLossFraction(RESPONSE_CALIBRATION.target.day, NOMINAL);

/** A patient's own draw of the model's between-patient variation. */
export interface ModelPatient {
  readonly fitzpatrickType: FitzpatrickType;
  /** A standard normal draw (the patient's responsiveness). */
  readonly responsivenessZ: number;
}

/**
 * The model's Lemperle improvement (grades, continuous: a latent severity) of a zone graded
 * `baselineGrade`, `day` days after the first session, for this patient.
 */
export function modelImprovementGrades(
  baselineGrade: number,
  day: number,
  sessionDays: readonly number[],
  patient: ModelPatient,
): number {
  const spread =
    RESPONSE_CALIBRATION.responsivenessLogSd *
    (patient.fitzpatrickType >= 5 ? V_VI_RESPONSE_SPREAD_FACTOR : 1);
  // E[exp(σ'z − (σ'² − σ²)/2)] = exp(σ²/2): the widened spread keeps the model's mean response.
  const responsiveness = Math.exp(
    spread * patient.responsivenessZ -
      (spread ** 2 - RESPONSE_CALIBRATION.responsivenessLogSd ** 2) / 2,
  );
  const ratio = seriesAreaLossFraction(day, sessionDays, NOMINAL) / REFERENCE_ETA;
  const raw = RESPONSE_CALIBRATION.gradesPerReferenceTightening * ratio * responsiveness;
  return Math.min(baselineGrade, (raw * baselineGrade) / 3);
}

/** The model's GAIS category for a mean Lemperle improvement. */
export function modelGais(improvementGrades: number): GaisScore {
  return gaisCategory(improvementGrades);
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
