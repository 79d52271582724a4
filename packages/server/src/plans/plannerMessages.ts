import type { PlanInput } from '@microcore/core';

/**
 * What the event loop and a planner thread say to each other (plannerPool.ts, plannerWorker.ts):
 * a plan to make, and either the plan as JSON (the text, to store, and its UTF-8 bytes, moved
 * without a copy, to answer with), the core's refusal (a 422 with its field), or a failure (a bug:
 * a 500).
 */
export interface PlanTask {
  readonly id: number;
  readonly input: PlanInput;
}

/** A plan as JSON, in ASCII (\uXXXX escapes beyond): the text for the database, the bytes for the answer. */
export interface PlanJson {
  readonly text: string;
  readonly utf8: Uint8Array;
}

export type PlanOutcome =
  | { readonly id: number; readonly planJson: string; readonly planUtf8: Uint8Array }
  | {
      readonly id: number;
      readonly refusal: {
        readonly code: string;
        readonly message: string;
        readonly field?: string;
      };
    }
  | { readonly id: number; readonly failure: string };
