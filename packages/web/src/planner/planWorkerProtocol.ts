import type { PlanInput } from '@microcore/core';
import type { PackedPlan } from './packedPlan.js';

/** What the page sends the planner worker: a plan to make. */
export interface PlanJob {
  readonly id: number;
  readonly input: PlanInput;
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
