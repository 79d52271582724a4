import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MicrocoreError, type MicrocoreErrorCode, type PlanInput } from '@microcore/core';
import { Problem } from '../http/problems.js';
import type { PlanJson, PlanOutcome, PlanTask, PredictionTask } from './plannerMessages.js';

/** The compiled worker, from src/plans (the tests) and from dist/plans (`npm start`) alike. */
const WORKER_URL = new URL('../../dist/plans/plannerWorker.js', import.meta.url);

/** What a client is asked to wait before sending a refused plan again (Retry-After). */
const RETRY_AFTER_SECONDS = 5;

export interface PlannerPoolOptions {
  /** Planner threads; default every core but the one the event loop runs on, at least one. */
  readonly threads?: number;
  /**
   * Plans that may wait for a thread; one more is refused (503 with Retry-After) rather than
   * kept waiting. Default 8: the largest plans the server accepts take about 2 s of a thread,
   * so the last one waits some 20 s on a 2-core machine, about what a client waits for an answer.
   */
  readonly maxWaiting?: number;
  /** The worker script (tests give one that misbehaves). */
  readonly workerUrl?: URL;
}

/** What a thread answers: the plan, and the predictions the task asked for. */
interface PlanOutcomeJson extends Omit<PlanJson, 'predictionJson'> {
  readonly predictionJsons?: readonly string[];
}

interface Pending {
  readonly task: PlanTask;
  resolve(plan: PlanOutcomeJson): void;
  reject(error: unknown): void;
}

/**
 * Plans in worker threads, so that planning (100 ms to seconds of CPU) and turning the plan into
 * JSON and into its stored form never hold the event loop: other requests are answered meanwhile.
 * Threads start when the first plan comes (an app that never plans starts none) and hold the
 * process open only while they work. A bounded queue: beyond it a plan is refused at once with 503. `close()` lets the
 * plans already accepted finish, then ends the threads.
 */
export class PlannerPool {
  readonly #threads: number;
  readonly #maxWaiting: number;
  readonly #workerUrl: URL;
  readonly #workers = new Set<Worker>();
  readonly #idle: Worker[] = [];
  readonly #running = new Map<Worker, Pending>();
  readonly #waiting: Pending[] = [];
  #whenDrained: (() => void)[] = [];
  #closing: Promise<void> | undefined;
  #nextId = 1;

  constructor(options: PlannerPoolOptions = {}) {
    this.#threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    this.#maxWaiting = options.maxWaiting ?? 8;
    this.#workerUrl = options.workerUrl ?? WORKER_URL;
  }

  /** Planner threads started and not ended. */
  get threadsAlive(): number {
    return this.#workers.size;
  }

  /** Plans accepted and not yet answered: running, and waiting for a thread. */
  get inFlight(): number {
    return this.#running.size + this.#waiting.length;
  }

  /**
   * The plan for `input`: its JSON, and its stored form. Rejects with the core's MicrocoreError (a 422) when the planner
   * refuses the input, with a 503 Problem when the queue is full or the pool is closing. With
   * `prediction`, the same thread also predicts the plan's follow-up outcome (its JSON comes back
   * as `predictionJson`); the model's refusal is a 422 as the planner's is.
   */
  async plan(input: PlanInput, prediction?: PredictionTask): Promise<PlanJson> {
    const { predictionJsons, ...plan } = await this.#submit(input, prediction && [prediction]);
    return predictionJsons === undefined ? plan : { ...plan, predictionJson: predictionJsons[0] };
  }

  /**
   * The follow-up predictions of one plan for many patients (the demo seed), in their order: the
   * same thread work as a plan's save makes for one, each simulation run once per task.
   */
  async predict(input: PlanInput, predictions: readonly PredictionTask[]): Promise<string[]> {
    const { predictionJsons } = await this.#submit(input, predictions);
    return [...(predictionJsons ?? [])];
  }

  #submit(input: PlanInput, predictions?: readonly PredictionTask[]): Promise<PlanOutcomeJson> {
    if (this.#closing) return Promise.reject(busy('the server is shutting down'));
    const threadFree = this.#idle.length > 0 || this.#workers.size < this.#threads;
    if (!threadFree && this.#waiting.length >= this.#maxWaiting) {
      return Promise.reject(
        busy(`the planner is busy: ${this.#waiting.length} plans are waiting for it`),
      );
    }
    return new Promise((resolve, reject) => {
      const task: PlanTask = { id: this.#nextId++, input, ...(predictions ? { predictions } : {}) };
      this.#waiting.push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  /** Stop taking plans, let the accepted ones finish, and end the threads. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.inFlight > 0) await new Promise<void>((done) => this.#whenDrained.push(done));
      const workers = [...this.#workers];
      this.#workers.clear();
      await Promise.all(workers.map((worker) => worker.terminate()));
    })();
    return this.#closing;
  }

  #dispatch(): void {
    while (this.#waiting.length > 0) {
      let worker = this.#idle.pop();
      if (!worker) {
        if (this.#workers.size >= this.#threads) return;
        worker = this.#start();
      }
      const pending = this.#waiting.shift() as Pending;
      this.#running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.task);
    }
  }

  #start(): Worker {
    const worker = new Worker(this.#workerUrl);
    this.#workers.add(worker);
    worker.on('message', (outcome: PlanOutcome) => this.#answer(worker, outcome));
    worker.on('error', (error) => this.#lose(worker, error));
    worker.on('exit', (code) => this.#lose(worker, new Error(`exited with code ${code}`)));
    return worker;
  }

  #answer(worker: Worker, outcome: PlanOutcome): void {
    const pending = this.#running.get(worker);
    this.#running.delete(worker);
    // An idle thread does not keep the process alive.
    worker.unref();
    this.#idle.push(worker);
    if (pending) {
      if ('planUtf8' in outcome)
        pending.resolve({
          utf8: outcome.planUtf8,
          stored: outcome.stored,
          ...(outcome.predictionJsons === undefined
            ? {}
            : { predictionJsons: outcome.predictionJsons }),
        });
      else if ('refusal' in outcome)
        pending.reject(
          new MicrocoreError(
            outcome.refusal.code as MicrocoreErrorCode,
            outcome.refusal.message,
            outcome.refusal.field,
          ),
        );
      else pending.reject(new Error(`the planner failed: ${outcome.failure}`));
    }
    this.#settled();
  }

  /** A thread that died (a crash, or it could not load): its plan fails, the next gets a new one. */
  #lose(worker: Worker, error: Error): void {
    if (!this.#workers.delete(worker)) return;
    const idleAt = this.#idle.indexOf(worker);
    if (idleAt >= 0) this.#idle.splice(idleAt, 1);
    const pending = this.#running.get(worker);
    this.#running.delete(worker);
    pending?.reject(new Error(`the planner thread failed: ${error.message}`));
    this.#settled();
  }

  #settled(): void {
    this.#dispatch();
    if (this.inFlight > 0) return;
    const waiters = this.#whenDrained;
    this.#whenDrained = [];
    for (const done of waiters) done();
  }
}

function busy(detail: string): Problem {
  return new Problem('busy', `${detail}; send the plan again in a few seconds`, {
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
  });
}
