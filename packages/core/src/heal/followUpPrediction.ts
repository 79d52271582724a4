import { MicrocoreError } from '../errors.js';
import type { StoredPlan } from '../plan/types.js';
import {
  type FollowUpPrediction,
  type FollowUpPredictionInputs,
  PREDICTION_DEFAULTS,
  PREDICTION_FOLLOW_UP_DAYS,
  PREDICTION_INTERVAL_COVERAGE,
} from './followUpPredictionTypes.js';
import { type SimulationRun, simulateTreatment } from './simulate.js';
import { MODEL_ESTIMATE_LABEL, SIMULATION_SCHEMA_VERSION } from './types.js';

/**
 * The outcome prediction kept with a plan when it is saved, to be set beside the patient's
 * follow-ups later (docs/evidence.md, "Calibration"). The quantity is the one a follow-up
 * observes: the Lemperle improvement, (baseline − follow-up grade), positive = better — the
 * simulation's `lemperleChange` — at days counted from the LAST session, as the evidence's
 * follow-up windows count them (evidence/windows.ts).
 */

const QUANTITY_MEANING =
  'mean over the treated zones of (baseline − follow-up) Lemperle grade; positive = better; days counted from the last session';

/**
 * Predict the Lemperle improvement at PREDICTION_FOLLOW_UP_DAYS after the series' last session,
 * with the model `simulateTreatment` runs for the prediction screen (the same defaults: cohort
 * 1000, seed 1). `parametersId` names the model's parameters and posterior (the caller hashes them).
 */
export function predictFollowUps(
  plan: StoredPlan,
  inputs: FollowUpPredictionInputs,
  madeAt: Date,
  parametersId: string,
): FollowUpPrediction {
  return followUpPredictor(plan, parametersId)(inputs, madeAt);
}

/**
 * `predictFollowUps` for many patients of ONE plan (the demo seed's cohort), each simulation run
 * once. The run's numbers depend only on the plan and the session days (sessions, interval): the
 * baseline grade enters through the run's own `outcomeAt(day, baseline)`, and the skin type only
 * adds warnings, which a prediction does not keep. So patients who share sessions and interval
 * share a run, and each gets exactly the prediction made for them alone (a test compares them).
 */
export function followUpPredictor(
  plan: StoredPlan,
  parametersId: string,
): (inputs: FollowUpPredictionInputs, madeAt: Date) => FollowUpPrediction {
  const runs = new Map<string, SimulationRun>();
  return (inputs, madeAt) => {
    checkSkinType(inputs.fitzpatrickType);
    const baseline = baselineFor(plan, inputs.latestAssessment);
    const lastSessionDay = (inputs.sessions - 1) * inputs.intervalWeeks * 7;
    const key = `${inputs.sessions}×${inputs.intervalWeeks}`;
    let run = runs.get(key);
    if (run === undefined) {
      run = simulateTreatment(plan, {
        sessions: inputs.sessions,
        intervalWeeks: inputs.intervalWeeks,
        days: PREDICTION_FOLLOW_UP_DAYS.map((d) => lastSessionDay + d),
      });
      runs.set(key, run);
    }
    const timepoints = PREDICTION_FOLLOW_UP_DAYS.map((days) => {
      const { lemperleChange } = (run as SimulationRun).outcomeAt(
        lastSessionDay + days,
        baseline.grade,
      );
      return {
        daysAfterLastSession: days,
        mean: round3(lemperleChange.mean),
        low: round3(lemperleChange.low),
        high: round3(lemperleChange.high),
      };
    });
    const { outcome } = run.simulation;
    return {
      schemaVersion: 1,
      label: MODEL_ESTIMATE_LABEL,
      quantity: 'lemperle-improvement',
      quantityMeaning: QUANTITY_MEANING,
      madeAt: madeAt.toISOString(),
      model: { simulationSchemaVersion: SIMULATION_SCHEMA_VERSION, parametersId },
      inputs: {
        sessions: inputs.sessions,
        intervalWeeks: inputs.intervalWeeks,
        fitzpatrickType: inputs.fitzpatrickType,
        baselineLemperle: baseline.grade,
        baselineSource: baseline.source,
        baselineAssessmentDate: baseline.date,
        cohortSize: outcome.cohortSize,
        seed: run.simulation.model.seed,
      },
      interval: { coverage: PREDICTION_INTERVAL_COVERAGE, meaning: outcome.intervalMeaning },
      timepoints,
    };
  };
}

function baselineFor(
  plan: StoredPlan,
  assessment: FollowUpPredictionInputs['latestAssessment'],
): { grade: number; source: 'assessment' | 'assumed'; date: string | null } {
  if (!Array.isArray(plan?.zones))
    throw new MicrocoreError(
      'simulation.invalid-plan',
      'the input is not a microcore plan',
      'plan',
    );
  const grades = plan.zones
    .map((z) => assessment?.lemperleByZone[z.id])
    .filter((g): g is number => typeof g === 'number');
  if (!assessment || grades.length === 0)
    return { grade: PREDICTION_DEFAULTS.baselineLemperle, source: 'assumed', date: null };
  const mean = grades.reduce((a, g) => a + g, 0) / grades.length;
  return { grade: mean, source: 'assessment', date: assessment.date };
}

/** The run no longer sees the skin type, so it is checked here as the simulation checked it. */
function checkSkinType(type: number): void {
  if (!Number.isInteger(type) || type < 1 || type > 6)
    throw new MicrocoreError(
      'simulation.invalid-input',
      `fitzpatrick must be a whole number from 1 to 6, got ${type}`,
      'fitzpatrick',
    );
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
