import type { PlanRequestBody } from './planSettings';
import type { NewPlanJob, NewPlanJobResult, PlanJob, PlanJobResult } from './planWorkerProtocol';

/** The newest job: its body as JSON (a new plan's: once the worker has said), its result. */
interface NewestJob {
  key: string | undefined;
  readonly result: Promise<PlanJobResult>;
  /** The result, once it has come. */
  ready?: PlanJobResult;
}

/**
 * The page's one plan worker (planWorker.ts), started on first use and kept for the page's life.
 * Its script, the core's planner in it and V8's compiled code for it are made once: the first plan
 * in a new worker takes several times as long as the next ones (JIT warm-up, heap growth), so a
 * new worker per visit to the planner would pay that on every visit.
 *
 * The planner is a pure function of the request body (the same body, seed included, gives the
 * same cores), so the newest body asked for is kept with its result: asking again for that same
 * body (the new plan a cold load started ahead, or a planner reopened with the settings it had)
 * gets that result instead of planning again.
 */
export class PlanWorkerClient {
  readonly #worker: Worker;
  readonly #waiting = new Map<
    number,
    { resolve: (result: PlanJobResult) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #newest: NewestJob | undefined;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<PlanJobResult>) => {
      const waiting = this.#waiting.get(event.data.id);
      this.#waiting.delete(event.data.id);
      waiting?.resolve(event.data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(
        `the planner stopped with an error (${event.message || 'unknown'}); reload the page`,
      );
      this.#newest = undefined;
      for (const waiting of this.#waiting.values()) waiting.reject(error);
      this.#waiting.clear();
    };
  }

  /** Plan `body` in the worker (after the jobs sent before it). */
  plan(body: PlanRequestBody): Promise<PlanJobResult> {
    const key = JSON.stringify(body);
    const newest = this.#newest;
    if (newest?.key === key) return newest.result;
    if (newest && newest.key === undefined) {
      // A new plan's job is out and its body not known yet: the same body gets its result.
      return newest.result.then((result) =>
        newest.key === key ? result : this.#send({ body }, key),
      );
    }
    return this.#send({ body }, key);
  }

  /**
   * Plan the new plan a planner screen will open with, from the tab's draft as stored (null:
   * none). The worker makes the body, so the page need not have the planner's code yet.
   */
  planNewPlan(draft: string | null): void {
    // A failure is the screen's to report, when it asks for the plan itself.
    this.#send({ newPlanDraft: draft }, undefined).catch(() => undefined);
  }

  /** The result for `body` if it is the newest body asked for and has been planned. */
  ready(body: PlanRequestBody): PlanJobResult | undefined {
    return this.#newest?.key === JSON.stringify(body) ? this.#newest.ready : undefined;
  }

  #send(
    job: Omit<PlanJob, 'id'> | Omit<NewPlanJob, 'id'>,
    key: string | undefined,
  ): Promise<PlanJobResult> {
    const id = this.#nextId++;
    const result = new Promise<PlanJobResult>((resolve, reject) =>
      this.#waiting.set(id, { resolve, reject }),
    );
    const newest: NewestJob = { key, result };
    this.#newest = newest;
    result.then(
      (answer) => {
        if (newest.key === undefined && 'body' in answer)
          newest.key = JSON.stringify((answer as NewPlanJobResult).body);
        newest.ready = answer;
      },
      () => undefined,
    );
    this.#worker.postMessage({ id, ...job } satisfies PlanJob | NewPlanJob);
    return result;
  }
}

let shared: PlanWorkerClient | undefined;

/** The page's plan worker, started on the first call. */
export function planWorker(): PlanWorkerClient {
  shared ??= new PlanWorkerClient(
    new Worker(new URL('./planWorker.ts', import.meta.url), { type: 'module' }),
  );
  return shared;
}

/** The result for `body` if the page's worker has it ready (see PlanWorkerClient.ready). */
export function readyPlan(body: PlanRequestBody): PlanJobResult | undefined {
  return shared?.ready(body);
}
