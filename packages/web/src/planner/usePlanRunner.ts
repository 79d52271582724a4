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

/** What the runner keeps: the newest result, and the body it answers. */
interface Answered {
  readonly packed: PackedPlan | null;
  readonly refusal: PlanRefusal | null;
  readonly planMs: number | null;
  /** The body the newest result (or failure) answers; null before any. */
  readonly body: PlanRequestBody | null;
}

/** The state a plan's result leaves (a refusal keeps the plan drawn before it). */
function afterResult(before: Answered, body: PlanRequestBody, result: PlanJobResult): Answered {
  return result.ok
    ? { packed: result.packed, refusal: null, planMs: result.planMs, body }
    : { ...before, refusal: result.refusal, body };
}

/** A job's result with the body it was for. */
interface Delivered {
  readonly job: PlanRequestBody;
  readonly result: PlanJobResult;
}

const NOTHING_YET: Answered = { packed: null, refusal: null, planMs: null, body: null };

/**
 * Plan `body` in the page's plan worker (planWorkerClient.ts) whenever it changes (a new object),
 * newest first: while one plan is made, only the last body asked for waits, and a plan overtaken
 * by a newer body is dropped (LatestOnly). `null` plans nothing. A first body the worker has
 * already planned (a cold load plans it ahead) is drawn from the first render. `planning` is
 * worked out from the body and the newest answer, not kept as state of its own: a new body shows
 * as planning in the render that brings it, with no second render to say so.
 */
export function usePlanRunner(body: PlanRequestBody | null): PlanRunState {
  // The first body's plan, if the worker has it already: the first state shows it, and that body
  // is not planned again.
  const [first] = useState(() => ({ body, ready: body === null ? undefined : readyPlan(body) }));
  const [answered, setAnswered] = useState<Answered>(() =>
    first.ready && first.body ? afterResult(NOTHING_YET, first.body, first.ready) : NOTHING_YET,
  );
  const runnerRef = useRef<LatestOnly<PlanRequestBody, Delivered> | null>(null);

  useEffect(() => {
    const worker = planWorker();
    let live = true;
    const runner = new LatestOnly<PlanRequestBody, Delivered>(
      (id, job) =>
        worker.plan(job).then(
          (result) => {
            if (live) runner.finished(id, { job, result });
          },
          // A failure is the job's answer too: shown if it is the newest, and the next job runs.
          (error: Error) => {
            if (!live) return;
            const refusal = { code: 'planner.failed', message: error.message };
            runner.finished(id, { job, result: { id, ok: false, refusal } });
          },
        ),
      ({ job, result }) => setAnswered((before) => afterResult(before, job, result)),
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
  }, [body, first]);

  const planning = body !== null && answered.body !== body;
  return { packed: answered.packed, refusal: answered.refusal, planning, planMs: answered.planMs };
}
