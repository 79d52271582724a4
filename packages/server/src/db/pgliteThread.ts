import { Worker } from 'node:worker_threads';
import {
  type FromDatabase,
  fromWireError,
  type QueryRequest,
  type ToDatabase,
} from './pgliteMessages.js';

/** The compiled worker, from src/db (the tests) and from dist/db (`npm start`) alike. */
const WORKER_URL = new URL('../../dist/db/pgliteWorker.js', import.meta.url);

/**
 * SQLSTATE connection_failure: a thread that has ended is a database the server cannot reach,
 * so a request then gets the 503 of http/databaseUnavailable.ts, not a 500, and never waits.
 */
const THREAD_ENDED_CODE = '08006';

export interface PgliteResult {
  readonly rows: unknown[];
  readonly affectedRows?: number;
}

export interface PgliteThreadOptions {
  /** The data folder, checked and locked by the caller; in memory when absent. */
  readonly dataDir?: string;
  /** Told once if the thread ends while open (a crash): every later statement fails. */
  readonly onLost?: (message: string) => void;
  /** The worker script (tests give one that misbehaves). */
  readonly workerUrl?: URL;
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * Embedded PGlite in a worker thread of its own (pgliteWorker.ts): the event loop sends each
 * statement and its parameters and gets the rows back, so none of the database's work runs on
 * it. Statements run in the order they are sent. The thread holds the process open only while
 * something is asked of it, as PGlite on the event loop never did. If the thread ends unasked (a
 * crash in PGlite), what is in flight and every later statement fail at once with code 08006.
 */
export class PgliteThread {
  readonly #worker: Worker;
  readonly #onLost: (message: string) => void;
  readonly #pending = new Map<number, Pending<PgliteResult>>();
  #nextId = 1;
  /** The open or close under way, answered by the thread's 'opened'/'closed' or their failure. */
  #lifecycle: Pending<void> | undefined;
  #open = false;
  /** Why the thread can no longer serve, once it cannot. */
  #ended: Error | undefined;

  private constructor(options: PgliteThreadOptions) {
    this.#onLost = options.onLost ?? (() => {});
    this.#worker = new Worker(options.workerUrl ?? WORKER_URL);
    this.#worker.on('message', (message: FromDatabase) => this.#answer(message));
    this.#worker.on('error', (error) => this.#lose(`it failed: ${error.message}`));
    this.#worker.on('exit', (code) => this.#lose(`it exited with code ${code}`));
  }

  /** Start the thread and open PGlite in it; rejects with PGlite's own error if it cannot. */
  static async start(options: PgliteThreadOptions = {}): Promise<PgliteThread> {
    const thread = new PgliteThread(options);
    try {
      await thread.#ask({ kind: 'open', ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
    } catch (error) {
      await thread.#worker.terminate();
      throw error;
    }
    thread.#open = true;
    return thread;
  }

  /** Run one statement: without parameters through the simple protocol (several at once). */
  query(sql: string, parameters: readonly unknown[]): Promise<PgliteResult> {
    if (this.#ended) return Promise.reject(this.#ended);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      // Parameters are copied, not moved: the caller's buffers (a photo) stay the caller's.
      const request: QueryRequest = { kind: 'query', id, sql, parameters };
      try {
        this.#post(request);
      } catch (error) {
        // A parameter that cannot be copied to another thread (a function): this statement only.
        this.#pending.delete(id);
        this.#settled();
        reject(error);
      }
    });
  }

  /** Close PGlite (a checkpoint of the data folder), then end the thread. */
  async close(): Promise<void> {
    if (this.#ended) {
      await this.#worker.terminate();
      throw this.#ended;
    }
    await this.#ask({ kind: 'close' });
    this.#open = false;
    this.#ended = threadEnded('the embedded database is closed');
    await this.#worker.terminate();
  }

  #ask(message: ToDatabase): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#lifecycle = { resolve, reject };
      this.#post(message);
    });
  }

  #post(message: ToDatabase): void {
    // While something is asked, the thread keeps the process alive; idle, it does not.
    this.#worker.ref();
    this.#worker.postMessage(message);
  }

  #answer(message: FromDatabase): void {
    if (message.kind === 'result' || message.kind === 'error') {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.kind === 'error') pending?.reject(fromWireError(message.error));
      else
        pending?.resolve(
          message.affectedRows === undefined
            ? { rows: message.rows }
            : { rows: message.rows, affectedRows: message.affectedRows },
        );
    } else {
      const lifecycle = this.#lifecycle;
      this.#lifecycle = undefined;
      if (message.kind === 'opened' || message.kind === 'closed') lifecycle?.resolve();
      else lifecycle?.reject(fromWireError(message.error));
    }
    this.#settled();
  }

  /** Nothing in flight: the thread no longer holds the process open. */
  #settled(): void {
    if (this.#pending.size === 0 && this.#lifecycle === undefined) this.#worker.unref();
  }

  /** The thread ended without being asked to: fail everything in flight and everything later. */
  #lose(why: string): void {
    if (this.#ended) return;
    this.#ended = threadEnded(`the embedded database's thread ended (${why})`);
    const failed = [...this.#pending.values()];
    this.#pending.clear();
    for (const pending of failed) pending.reject(this.#ended);
    this.#lifecycle?.reject(this.#ended);
    this.#lifecycle = undefined;
    if (this.#open)
      this.#onLost(
        `${this.#ended.message}; every request is answered 503 until the server is restarted`,
      );
  }
}

function threadEnded(message: string): Error {
  return Object.assign(new Error(message), { code: THREAD_ENDED_CODE });
}
