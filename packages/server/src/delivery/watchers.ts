import type { DeliveryAck } from '../records/delivery.js';

/**
 * What a watcher of a session receives for each batch the ingest commits: the acknowledgement the
 * console received, and `events` beside `results` (`events[i]` is the event `results[i]` answers,
 * as the console sent it) — a watcher never held the events, and an outcome's result does not
 * name its core.
 */
export interface WatchedBatch extends DeliveryAck {
  readonly events: readonly unknown[];
}

export type WatchListener = (batch: WatchedBatch) => void;

/** A watch socket with more than this unsent (bytes) is dropped; it reconnects to a resume. */
export const WATCH_BUFFER_BYTES = 8 * 1024 * 1024;

/** What sending to a watcher needs of its WebSocket (`ws`'s has it all). */
export interface WatchSocket {
  readonly readyState: number;
  readonly OPEN: number;
  /** Bytes queued and not yet handed to the network. */
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * Send to a watcher without ever waiting for it: a slow one must not hold the ingest nor grow
 * this process's memory. Past `bound` bytes unsent it is dropped (close 1013, "try again later");
 * its reconnect starts from a fresh resume. Whether the message was sent.
 */
export function sendToWatcher(
  socket: WatchSocket,
  message: unknown,
  bound = WATCH_BUFFER_BYTES,
): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > bound) {
    socket.close(1013, 'the watcher fell behind: reconnect for a fresh resume');
    return false;
  }
  socket.send(JSON.stringify(message));
  return true;
}

/**
 * The watchers of live sessions in THIS process (docs/delivery.md "Watching a session"), keyed by
 * clinic and session: the ingest publishes each committed batch after its commit, in commit order;
 * a watch socket subscribes while it is open and unsubscribes when it closes. In-process only:
 * another server process on the same database commits batches this one never hears of (the watch
 * socket's quiet check covers that). A listener must not throw or block: it only queues a send.
 */
export class DeliveryWatchers {
  readonly #byKey = new Map<string, Set<WatchListener>>();
  /** Sessions whose batches this process is committing (and has not yet published). */
  readonly #committing = new Map<string, number>();

  /** Listen to the session's committed batches; the function returned stops it. */
  subscribe(clinicId: string, sessionId: string, listener: WatchListener): () => void {
    const key = `${clinicId}/${sessionId}`;
    let listeners = this.#byKey.get(key);
    if (!listeners) {
      listeners = new Set();
      this.#byKey.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      const current = this.#byKey.get(key);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.#byKey.delete(key);
    };
  }

  /**
   * The ingest commits a group of the session: until `done`, the database may be ahead of what
   * the watchers heard, and the batch is on its way to them (a quiet check must not mistake
   * it for another process's).
   */
  committing(clinicId: string, sessionId: string): { done(): void } {
    const key = `${clinicId}/${sessionId}`;
    this.#committing.set(key, (this.#committing.get(key) ?? 0) + 1);
    let done = false;
    return {
      done: () => {
        if (done) return;
        done = true;
        const left = (this.#committing.get(key) ?? 1) - 1;
        if (left > 0) this.#committing.set(key, left);
        else this.#committing.delete(key);
      },
    };
  }

  /** Whether this process is committing a group of the session now. */
  isCommitting(clinicId: string, sessionId: string): boolean {
    return this.#committing.has(`${clinicId}/${sessionId}`);
  }

  publish(clinicId: string, sessionId: string, batch: WatchedBatch): void {
    const listeners = this.#byKey.get(`${clinicId}/${sessionId}`);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        listener(batch);
      } catch {
        // A watcher's failure is its own: the ingest and the other watchers go on.
      }
    }
  }

  /** Sessions watched, and watchers in all (a test checks that closed ones are gone). */
  get size(): { sessions: number; watchers: number; committing: number } {
    let watchers = 0;
    for (const listeners of this.#byKey.values()) watchers += listeners.size;
    return { sessions: this.#byKey.size, watchers, committing: this.#committing.size };
  }
}
