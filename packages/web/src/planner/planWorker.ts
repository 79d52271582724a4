import { planTreatment } from '@microcore/core';
import { packPlan } from './packedPlan.js';
import { requestToPlanInput } from './planSettings.js';
import type { PlanJob } from './planWorkerProtocol.js';
import { runPlanJob } from './runPlanJob.js';

/**
 * The planner in a Web Worker: 10–60 ms for a face, more than a frame, so the page stays smooth
 * while it plans. It packs the cores into typed arrays and moves them to the page.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PlanJob>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const result = runPlanJob(
    event.data,
    (body) => planTreatment(requestToPlanInput(body)),
    packPlan,
  );
  if (result.ok) {
    scope.postMessage(result, [result.packed.positionsMm.buffer, result.packed.zoneStarts.buffer]);
  } else {
    scope.postMessage(result);
  }
};
