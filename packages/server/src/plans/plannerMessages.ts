import type { FollowUpPredictionInputs, PlanInput } from '@microcore/core';
import type { StoredPlanForm } from '../records/planCores.js';

/**
 * What the event loop and a planner thread say to each other (plannerPool.ts, plannerWorker.ts):
 * a plan to make, and either the plan (its JSON's UTF-8 bytes, moved without a copy, to answer
 * with, and its stored form, to store), the core's refusal (a 422 with its field), or a failure
 * (a bug: a 500).
 */
export interface PlanTask {
  readonly id: number;
  readonly input: PlanInput;
  /**
   * Also predict the plan's follow-up outcome (heal/followUpPrediction.ts) for each of these
   * (one for a plan's save; the demo seed's patients who share the plan, many).
   */
  readonly predictions?: readonly PredictionTask[];
}

export interface PredictionTask {
  readonly inputs: FollowUpPredictionInputs;
  /** ISO instant: the server's clock when the plan was asked for. */
  readonly madeAt: string;
}

/**
 * A made plan: its JSON in ASCII (\uXXXX escapes beyond) as bytes, for the answer, and its stored
 * form (records/planCores.ts), strings the database takes as they are.
 */
export interface PlanJson {
  readonly utf8: Uint8Array;
  readonly stored: StoredPlanForm;
  /** The follow-up prediction as JSON, when the plan's save asked for one. */
  readonly predictionJson?: string;
}

export type PlanOutcome =
  | {
      readonly id: number;
      readonly planUtf8: Uint8Array;
      readonly stored: StoredPlanForm;
      readonly predictionJsons?: readonly string[];
    }
  | {
      readonly id: number;
      readonly refusal: {
        readonly code: string;
        readonly message: string;
        readonly field?: string;
      };
    }
  | { readonly id: number; readonly failure: string };
