import type { PlanRequestBody } from './planSettings';
import type { PlanJob, PlanJobResult } from './planWorkerProtocol';

/**
 * The page's one plan worker (planWorker.ts), started on first use and kept for the page's life.
 * Its script, the core's planner in it and V8's compiled code for it are made once: the first plan
 * in a new worker takes several times as long as the next ones (measured: ~700 ms against ~100 ms
 * for the default face on a busy 2-core machine), so a new worker per visit to the planner would
 * pay that on every visit.
 *
 * The planner is a pure function of the request body (the same body, seed included, gives the
 * same cores), so the newest body asked for is kept with its result: asking again for that same
 * body — the plan a cold load starts ahead (routes.tsx), or a planner reopened with the settings
 * it had — gets that result instead of planning again.
 */
/** The newest body asked for (as JSON), its result, and that result once it has come. */
interface NewestJob {
  readonly key: string;
  readonly result: Promise<PlanJobResult>;
  ready?: PlanJobResult;
}

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
    if (this.#newest?.key === key) return this.#newest.result;
    const id = this.#nextId++;
    const result = new Promise<PlanJobResult>((resolve, reject) =>
      this.#waiting.set(id, { resolve, reject }),
    );
    const newest: NewestJob = { key, result };
    this.#newest = newest;
    result.then(
      (answer) => {
        newest.ready = answer;
      },
      () => undefined,
    );
    this.#worker.postMessage({ id, body } satisfies PlanJob);
    return result;
  }

  /** The result for `body` if it is the newest body asked for and has been planned. */
  ready(body: PlanRequestBody): PlanJobResult | undefined {
    return this.#newest?.key === JSON.stringify(body) ? this.#newest.ready : undefined;
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
