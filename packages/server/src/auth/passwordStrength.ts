import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Problem } from '../http/problems.js';

/**
 * zxcvbn's estimate of a password, in a worker thread: one check takes 5–30 ms of CPU (more on a
 * busy machine, and the dictionaries take ~200 ms to unpack once), which the event loop must not
 * spend while other requests wait. One thread, started on the first check and kept for the next
 * (it holds the unpacked dictionaries); it does not keep the process alive while idle.
 */
export interface Strength {
  /** 0–4: zxcvbn's score. */
  readonly score: number;
  /** zxcvbn's warning key (`common`, `sequences`, …), or null. */
  readonly warning: string | null;
}

export interface StrengthOptions {
  /** zxcvbn looks at this many characters at most. */
  readonly maxLength: number;
  /** Look-alike substitutions (4 for a, $ for s …) tried at most. */
  readonly l33tMaxSubstitutions: number;
}

/** Checks waiting for the thread; one more is a 503 (only admins set passwords: it is a flood). */
const MAX_WAITING = 16;

// Plain CommonJS, so the thread needs no build step: the packages are found from here.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const core = require(workerData.core);
const common = require(workerData.common);
const zxcvbn = new core.ZxcvbnFactory({
  dictionary: common.dictionary,
  graphs: common.adjacencyGraphs,
  ...workerData.options,
});
parentPort.on('message', ({ id, password, userInputs }) => {
  const result = zxcvbn.check(password, userInputs);
  parentPort.postMessage({ id, score: result.score, warning: result.feedback.warning ?? null });
});
`;

const resolve = createRequire(import.meta.url).resolve;

export class PasswordStrength {
  readonly #options: StrengthOptions;
  #worker: Worker | undefined;
  readonly #pending = new Map<number, { resolve(s: Strength): void; reject(e: unknown): void }>();
  #nextId = 1;

  constructor(options: StrengthOptions) {
    this.#options = options;
  }

  check(password: string, userInputs: readonly string[]): Promise<Strength> {
    if (this.#pending.size >= MAX_WAITING)
      return Promise.reject(
        new Problem('unavailable', 'too many password checks at once; try again shortly', {
          headers: { 'retry-after': '5' },
        }),
      );
    const worker = this.#started();
    const id = this.#nextId++;
    return new Promise<Strength>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, password, userInputs });
    });
  }

  #started(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        core: resolve('@zxcvbn-ts/core'),
        common: resolve('@zxcvbn-ts/language-common'),
        options: this.#options,
      },
    });
    worker.on('message', (message: Strength & { id: number }) => {
      const waiter = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (this.#pending.size === 0) worker.unref();
      waiter?.resolve({ score: message.score, warning: message.warning });
    });
    // A thread that fails takes its checks with it; the next check starts a new one.
    const fail = (error: unknown) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const waiter of this.#pending.values()) waiter.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the password check thread ended (${code})`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
