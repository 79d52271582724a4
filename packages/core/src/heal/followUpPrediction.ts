import { MicrocoreError } from '../errors.js';
import type { StoredPlan } from '../plan/types.js';
import { simulateTreatment } from './simulate.js';
import { MODEL_ESTIMATE_LABEL, SIMULATION_SCHEMA_VERSION } from './types.js';

/**
 * The outcome prediction kept with a plan when it is saved, to be set beside the patient's
 * follow-ups later (docs/evidence.md, "Calibration"). The quantity is the one a follow-up
 * observes: the Lemperle improvement, (baseline − follow-up grade), positive = better — the
 * simulation's `lemperleChange` — at days counted from the LAST session, as the evidence's
 * follow-up windows count them (evidence/windows.ts).
 */

/** Days after the last session the prediction is made for: the 90- and 180-day windows' targets. */
export const PREDICTION_FOLLOW_UP_DAYS = [90, 180] as const;

/** The simulation's defaults the prediction screen also starts from. */
export const PREDICTION_DEFAULTS = { intervalWeeks: 6, baselineLemperle: 3 } as const;

/** The share of patients like this one the model expects inside the interval (5th–95th percentile). */
export const PREDICTION_INTERVAL_COVERAGE = 0.9;

export interface FollowUpPredictionInputs {
  /** Sessions the series is expected to have (the clinic's setting for the patient's laxity). */
  readonly sessions: number;
  readonly intervalWeeks: number;
  readonly fitzpatrickType: number;
  /**
   * The latest assessment's Lemperle grades by zone, if the patient has one; the baseline is
   * their mean over the plan's zones. Without one (or none of the plan's zones graded) the
   * prediction screen's default grade 3 is assumed, and the prediction says so.
   */
  readonly latestAssessment: {
    readonly date: string;
    readonly lemperleByZone: Readonly<Record<string, number>>;
  } | null;
}

export interface PredictedImprovement {
  readonly daysAfterLastSession: number;
  /** Lemperle grades, improvement positive: mean over the virtual cohort and its 5th–95th percentile. */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface FollowUpPrediction {
  readonly schemaVersion: 1;
  readonly label: typeof MODEL_ESTIMATE_LABEL;
  readonly quantity: 'lemperle-improvement';
  readonly quantityMeaning: string;
  /** When it was made (ISO instant): the plan's save. */
  readonly madeAt: string;
  readonly model: { readonly simulationSchemaVersion: number; readonly parametersId: string };
  readonly inputs: {
    readonly sessions: number;
    readonly intervalWeeks: number;
    readonly fitzpatrickType: number;
    readonly baselineLemperle: number;
    readonly baselineSource: 'assessment' | 'assumed';
    readonly baselineAssessmentDate: string | null;
    readonly cohortSize: number;
    readonly seed: number;
  };
  readonly interval: { readonly coverage: number; readonly meaning: string };
  readonly timepoints: readonly PredictedImprovement[];
}

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
  const baseline = baselineFor(plan, inputs.latestAssessment);
  const lastSessionDay = (inputs.sessions - 1) * inputs.intervalWeeks * 7;
  const run = simulateTreatment(plan, {
    sessions: inputs.sessions,
    intervalWeeks: inputs.intervalWeeks,
    baselineLemperle: baseline.grade,
    fitzpatrick: inputs.fitzpatrickType,
    days: PREDICTION_FOLLOW_UP_DAYS.map((d) => lastSessionDay + d),
  });
  const timepoints = PREDICTION_FOLLOW_UP_DAYS.map((days) => {
    const { lemperleChange } = run.outcomeAt(lastSessionDay + days);
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

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
