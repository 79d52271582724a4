import { useEffect, useRef, useState } from 'react';
import { LatestOnly } from './latestOnly';
import type { PackedPlan } from './packedPlan';
import type { PlanRequestBody } from './planSettings';
import type { PlanJob, PlanJobResult, PlanRefusal } from './planWorkerProtocol';

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

/**
 * Plan `body` in a Web Worker whenever it changes (a new object), newest first: while one plan is
 * made, only the last body asked for waits, and a plan overtaken by a newer body is dropped
 * (LatestOnly). `null` plans nothing.
 */
export function usePlanRunner(body: PlanRequestBody | null): PlanRunState {
  const [state, setState] = useState<PlanRunState>({
    packed: null,
    refusal: null,
    planning: false,
    planMs: null,
  });
  const runnerRef = useRef<LatestOnly<PlanRequestBody, PlanJobResult> | null>(null);

  useEffect(() => {
    const worker = new Worker(new URL('./planWorker.ts', import.meta.url), { type: 'module' });
    const runner = new LatestOnly<PlanRequestBody, PlanJobResult>(
      (id, job) => worker.postMessage({ id, body: job } satisfies PlanJob),
      (result) =>
        setState((before) =>
          result.ok
            ? { packed: result.packed, refusal: null, planning: false, planMs: result.planMs }
            : { ...before, refusal: result.refusal, planning: false },
        ),
    );
    worker.onmessage = (event: MessageEvent<PlanJobResult>) =>
      runner.finished(event.data.id, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      setState((before) => ({
        ...before,
        planning: false,
        refusal: {
          code: 'planner.failed',
          message: `the planner stopped with an error (${event.message || 'unknown'}); reload the page`,
        },
      }));
    };
    runnerRef.current = runner;
    return () => {
      runnerRef.current = null;
      worker.terminate();
    };
  }, []);

  useEffect(() => {
    const runner = runnerRef.current;
    if (!runner || body === null) return;
    runner.submit(body);
    setState((before) => (before.planning ? before : { ...before, planning: true }));
  }, [body]);

  return state;
}
