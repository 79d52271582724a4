import { parentPort } from 'node:worker_threads';
import { followUpPredictor, isMicrocoreError, planTreatment } from '@microcore/core';
import { toStoredPlanForm } from '../records/planCores.js';
import type { PlanOutcome, PlanTask } from './plannerMessages.js';
import { PREDICTION_PARAMETERS_ID } from './predictionModelId.js';

/**
 * A planner thread: plans one task at a time and answers with the plan already as JSON and in
 * its stored form, so the event loop neither plans, stringifies nor encodes (plannerPool.ts).
 * Loaded as compiled JavaScript (dist/plans/plannerWorker.js), under `npm start` and under the
 * tests alike.
 */
const port = parentPort;
if (!port) throw new Error('plannerWorker.js runs as a worker thread (see plannerPool.ts)');

port.on('message', (task: PlanTask) => {
  let outcome: PlanOutcome;
  try {
    const plan = planTreatment(task.input);
    // Encoded here, so the event loop neither encodes the answer nor measures its length; a
    // TextEncoder's array owns its buffer, which is moved to the event loop, not copied.
    const planUtf8 = new TextEncoder().encode(escapeNonAscii(JSON.stringify(plan)));
    // The small head as JSON and the cores as base64: the event loop passes them to the insert.
    const stored = toStoredPlanForm(plan);
    // The outcome predictions kept with the plan (about a second: here, not on the event loop);
    // patients who share sessions and interval share one simulation run.
    const predict = followUpPredictor(plan, PREDICTION_PARAMETERS_ID);
    const predictionJsons = task.predictions?.map((p) =>
      JSON.stringify(predict(p.inputs, new Date(p.madeAt))),
    );
    port.postMessage(
      {
        id: task.id,
        planUtf8,
        stored,
        ...(predictionJsons === undefined ? {} : { predictionJsons }),
      } satisfies PlanOutcome,
      [planUtf8.buffer],
    );
    return;
  } catch (error) {
    outcome = isMicrocoreError(error)
      ? {
          id: task.id,
          refusal: {
            code: error.code,
            message: error.message,
            ...(error.field === undefined ? {} : { field: error.field }),
          },
        }
      : {
          id: task.id,
          failure: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
  }
  port.postMessage(outcome);
});

/** JSON with every character beyond ASCII written as a \uXXXX escape: the same JSON value. */
function escapeNonAscii(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
