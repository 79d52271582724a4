import { isMicrocoreError, type Plan } from '@microcore/core';
import type { PackedPlan } from './packedPlan.js';
import type { PlanRequestBody } from './planSettings.js';
import type { PlanJob, PlanJobResult } from './planWorkerProtocol.js';

/**
 * One planner job, in the worker or on the page alike: the packed plan, or the core's refusal
 * as plain data. Anything else thrown is a bug and is thrown on.
 */
export function runPlanJob(
  job: PlanJob,
  plan: (body: PlanRequestBody) => Plan,
  pack: (plan: Plan) => PackedPlan,
): PlanJobResult {
  const started = performance.now();
  try {
    const packed = pack(plan(job.body));
    return { id: job.id, ok: true, packed, planMs: performance.now() - started };
  } catch (error) {
    if (!isMicrocoreError(error)) throw error;
    return {
      id: job.id,
      ok: false,
      refusal: {
        code: error.code,
        message: error.message,
        ...(error.field === undefined ? {} : { field: error.field }),
      },
    };
  }
}
