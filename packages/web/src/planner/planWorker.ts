import { createPlanner } from '@microcore/core';
import { newPlanSettings } from './draftStore.js';
import { packPlan } from './packedPlan.js';
import { type PlanRequestBody, planRequest, toRequestBody } from './planSettings.js';
import type { NewPlanJob, PlanJob } from './planWorkerProtocol.js';
import { runPlanJob } from './runPlanJob.js';

/**
 * The planner in a Web Worker: 10–60 ms for a face, more than a frame, so the page stays smooth
 * while it plans. It packs the cores into typed arrays and moves them to the page.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PlanJob | NewPlanJob>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
// A slider step changes one zone: the planner places only that zone again (core's createPlanner).
const planner = createPlanner();
const plan = (body: PlanRequestBody) => planRequest(body, planner.plan);

scope.onmessage = (event) => {
  const job = event.data;
  // A new plan's job names the draft; its answer says which body that made.
  const body = 'body' in job ? job.body : toRequestBody(newPlanSettings(job.newPlanDraft));
  const result = runPlanJob({ id: job.id, body }, plan, packPlan);
  const answer = 'body' in job ? result : { ...result, body };
  if (answer.ok) {
    scope.postMessage(answer, [answer.packed.positionsMm.buffer, answer.packed.zoneStarts.buffer]);
  } else {
    scope.postMessage(answer);
  }
};
