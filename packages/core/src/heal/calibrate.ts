import { planTreatment } from '../plan/planner.js';
import { fitResponse, RESPONSE_CALIBRATION } from './outcome.js';
import { simulateTreatment } from './simulate.js';

/**
 * Re-derive the outcome calibration: the default plan (indicated zones, 22G, 6 %), one session,
 * Lemperle 3 at baseline, 90 days, a 4000-patient virtual cohort (seed 1); then fit c and σ_R to
 * the pooled ASDS 2019 figures. RESPONSE_CALIBRATION holds the result; a test re-runs this so a
 * change to the model that moves the calibration cannot go unnoticed.
 */
export function calibrateResponse(cohort = 4000) {
  const { day, baselineLemperle } = RESPONSE_CALIBRATION.target;
  const run = simulateTreatment(planTreatment(), {
    days: [day],
    baselineLemperle,
    cohort,
    seed: 1,
  });
  const fit = fitResponse(run.cohortAreaLoss, run.responsivenessZ, run.nominalAreaLoss);
  return { referenceAreaLossFraction: run.nominalAreaLoss, ...fit };
}
