import type { ProblemBody } from '../http/problems.js';
import type { DeliveryWatchers, WatchedBatch, WatchSocket } from './watchers.js';
import { sendToWatcher } from './watchers.js';

/** A session as a watcher is sent it on connecting: the `resume` of the console socket. */
export interface WatchResume {
  readonly lastSeq: number;
}

/** The watch socket itself: sent to without waiting, and told when the watcher speaks or goes. */
export interface WatchConnection extends WatchSocket {
  on(event: 'message' | 'close', listener: () => void): unknown;
}

/** What one watch socket needs from the server around it (routes/delivery.ts gives it). */
export interface WatchHooks<R extends WatchResume> {
  readonly socket: WatchConnection;
  readonly watchers: DeliveryWatchers;
  readonly clinicId: string;
  readonly sessionId: string;
  /** The session as it stands; `audited` for the first (a read, like getDeliverySession). */
  readResume(audited: boolean): Promise<R>;
  /** The session row's last committed seq and status, read from the database. */
  readHead(): Promise<{ lastSeq: number; ended: boolean }>;
  /** A failure as the problem body the socket sends, and whether it is the server's (5xx). */
  problemOf(error: unknown): { body: ProblemBody; serverFault: boolean };
  /** The refusal sent for anything a watcher sends. */
  readonly watchOnly: ProblemBody;
  /** How long without a batch before the database is asked whether it is further on, ms. */
  readonly quietMs: number;
  readonly log: {
    error(details: object, message: string): void;
    warn(details: object, message: string): void;
  };
}

/**
 * One watcher of a session (docs/delivery.md "Watching a session"): a resume, then every batch
 * this process commits for the session, in order and after the commit, with its events. It holds
 * no claim, and what it is sent it answers with a refusal: nothing reaches the ingest.
 *
 * Batches that come while a resume is read wait, and those the resume already holds are
 * dropped. A batch whose first new event is not the next one the watcher lacks (events between
 * were committed by another server process on the same database) becomes a fresh resume, as does
 * a database found further on by the quiet check — when no batch came for `quietMs` and this
 * process is not committing one of the session.
 */
export function watchSession<R extends WatchResume>(hooks: WatchHooks<R>): void {
  const { socket, watchers, clinicId, sessionId } = hooks;
  let closed = false;
  // Never waits for the watcher: past the bound it is dropped (watchers.ts).
  const send = (message: unknown) => {
    if (!closed) sendToWatcher(socket, message);
  };
  /** The last seq this watcher has (by its resume or an ack). */
  let seenSeq = -1;
  /** While a resume is read, batches wait here (then those it already holds are dropped). */
  let held: WatchedBatch[] | undefined = [];
  /** A batch came since the last quiet check. */
  let heard = false;

  const forward = (batch: WatchedBatch) => {
    if (batch.lastSeq <= seenSeq) return; // in the resume already
    const first = Math.min(...batch.results.filter((r) => !r.repeated).map((r) => r.seq));
    if (first > seenSeq + 1) {
      // Events between came through another process: this batch alone would leave a hole.
      void resume(false);
      return;
    }
    seenSeq = batch.lastSeq;
    send({ type: 'ack', ...batch });
  };

  /** Send the session as it stands. */
  const resume = async (audited: boolean) => {
    if (held && seenSeq >= 0) return; // one already on its way
    held ??= [];
    try {
      const value = await hooks.readResume(audited);
      seenSeq = value.lastSeq;
      send({ type: 'resume', ...value });
      const waiting = held;
      held = undefined;
      for (const batch of waiting) forward(batch);
    } catch (error) {
      const { body, serverFault } = hooks.problemOf(error);
      if (serverFault) hooks.log.error({ err: error }, 'delivery watch failed');
      send({ type: 'error', problem: body });
      socket.close(1011);
    }
  };

  const unsubscribe = watchers.subscribe(clinicId, sessionId, (batch) => {
    heard = true;
    if (held) held.push(batch);
    else forward(batch);
  });
  void resume(true);

  let checking = false;
  const busy = () => watchers.isCommitting(clinicId, sessionId);
  const timer = setInterval(async () => {
    if (heard || held || checking || closed || busy()) {
      heard = false;
      return;
    }
    checking = true;
    try {
      const head = await hooks.readHead();
      // Busy again: a batch of this process committed and is on its way to the watcher.
      if (head.lastSeq > seenSeq && !held && !busy()) await resume(false);
      // Ended and all heard: nothing more will come.
      else if (head.ended && head.lastSeq <= seenSeq) clearInterval(timer);
    } catch (error) {
      hooks.log.warn({ err: error }, 'delivery watch: could not check the session');
    } finally {
      checking = false;
    }
  }, hooks.quietMs);
  timer.unref();

  socket.on('message', () => send({ type: 'error', problem: hooks.watchOnly }));
  socket.on('close', () => {
    closed = true;
    clearInterval(timer);
    unsubscribe();
  });
}
