import { newPlanSettings } from './draftStore';
import { toRequestBody } from './planSettings';
import { planWorker } from './planWorkerClient';

/**
 * Plan, in the page's worker, the new plan the planner will open with for the patient (the tab's
 * draft, else the defaults: nothing the server says), while the page is still loading. The
 * planner screen, once shown, asks for the same body and gets this plan (planWorkerClient.ts).
 */
export function planNewPlanAhead(patientId: string): void {
  // A failure is the screen's to report, when it asks for the plan itself.
  planWorker()
    .plan(toRequestBody(newPlanSettings(patientId)))
    .catch(() => undefined);
}
