import type { MODEL_ESTIMATE_LABEL } from './types.js';

/**
 * The stored follow-up prediction's shape and constants, apart from the code that makes it
 * (followUpPrediction.ts, which runs the simulation): a page that only reads a stored prediction
 * does not load the model.
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
