import type { PackedPlan } from './packedPlan.js';
import type { PlanRequestBody } from './planSettings.js';

/**
 * What the page sends the planner worker: the request body it would save (the worker makes the
 * core's input from it, so a refusal of the body comes back in order with the plans).
 */
export interface PlanJob {
  readonly id: number;
  readonly body: PlanRequestBody;
}

/**
 * The new plan a planner screen opens with for a patient, made by the worker from the tab's draft
 * as stored (null: none, the defaults; draftStore.ts newPlanSettings): a cold load asks for it
 * before the page has the code that makes request bodies. Its answer says the body planned.
 */
export interface NewPlanJob {
  readonly id: number;
  readonly newPlanDraft: string | null;
}

/** The core's refusal of an input (a MicrocoreError, which does not cross to the page as one). */
export interface PlanRefusal {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** The worker's answer: the packed plan and how long planning took, or the refusal. */
export type PlanJobResult =
  | { readonly id: number; readonly ok: true; readonly packed: PackedPlan; readonly planMs: number }
  | { readonly id: number; readonly ok: false; readonly refusal: PlanRefusal };

/** The answer to a NewPlanJob: the same, with the body the worker made and planned. */
export type NewPlanJobResult = PlanJobResult & { readonly body: PlanRequestBody };
