import { useEffect, useRef, useState } from 'react';
import { LatestOnly } from './latestOnly';
import type { PackedPlan } from './packedPlan';
import type { PlanRequestBody } from './planSettings';
import { planWorker, readyPlan } from './planWorkerClient';
import type { PlanJobResult, PlanRefusal } from './planWorkerProtocol';

export interface PlanRunState {
  /** The newest plan made (kept while a later body is refused, so the drawing does not vanish). */
  readonly packed: PackedPlan | null;
  /** The newest body's refusal, or null when it was planned. */
  readonly refusal: PlanRefusal | null;
  /** Whether a plan is being made. */
  readonly planning: boolean;
  /** How long the newest plan took in the worker, ms. */
  readonly planMs: number | null;
}

/** The state a plan's result leaves (a refusal keeps the plan drawn before it). */
function afterResult(before: PlanRunState, result: PlanJobResult): PlanRunState {
  return result.ok
    ? { packed: result.packed, refusal: null, planning: false, planMs: result.planMs }
    : { ...before, refusal: result.refusal, planning: false };
}

const NOTHING_YET: PlanRunState = { packed: null, refusal: null, planning: false, planMs: null };

/**
 * Plan `body` in the page's plan worker (planWorkerClient.ts) whenever it changes (a new object),
 * newest first: while one plan is made, only the last body asked for waits, and a plan overtaken
 * by a newer body is dropped (LatestOnly). `null` plans nothing. A first body the worker has
 * already planned (a cold load plans it ahead) is drawn from the first render.
 */
export function usePlanRunner(body: PlanRequestBody | null): PlanRunState {
  // The first body's plan, if the worker has it already: the first state shows it, and that body
  // is not planned again.
  const [first] = useState(() => ({ body, ready: body === null ? undefined : readyPlan(body) }));
  const [state, setState] = useState<PlanRunState>(() =>
    first.ready ? afterResult(NOTHING_YET, first.ready) : NOTHING_YET,
  );
  const runnerRef = useRef<LatestOnly<PlanRequestBody, PlanJobResult> | null>(null);

  useEffect(() => {
    const worker = planWorker();
    let live = true;
    const runner = new LatestOnly<PlanRequestBody, PlanJobResult>(
      (id, job) =>
        worker.plan(job).then(
          (result) => {
            if (live) runner.finished(id, result);
          },
          (error: Error) => {
            if (!live) return;
            setState((before) => ({
              ...before,
              planning: false,
              refusal: { code: 'planner.failed', message: error.message },
            }));
          },
        ),
      (result) => setState((before) => afterResult(before, result)),
    );
    runnerRef.current = runner;
    return () => {
      live = false;
      runnerRef.current = null;
    };
  }, []);

  useEffect(() => {
    const runner = runnerRef.current;
    if (!runner || body === null || (body === first.body && first.ready)) return;
    runner.submit(body);
    setState((before) => (before.planning ? before : { ...before, planning: true }));
  }, [body, first]);

  return state;
}
