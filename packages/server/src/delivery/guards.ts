import { DeliveryGuard, type DeliveryState } from '@microcore/core';
import type { Tx } from '../db/open.js';
import { stateSnapshot, storedEvents } from '../records/delivery.js';
import { planValues } from '../records/plan.js';

/**
 * The guards of the delivery sessions this process serves, each with its last COMMITTED state.
 * A guard is built from the stored plan (about 0.1 s for the default plan) and its state from the
 * stored snapshot plus the events after it, so a cold one costs a few hundred milliseconds; a warm
 * one only applies the new events. The database stays the truth: ingest compares the cached
 * seq with the locked row's and rebuilds on any difference (another process took events, or a
 * commit failed after the guard had moved on).
 */
export interface SessionGuard {
  readonly guard: DeliveryGuard;
  /** The state after `lastSeq`, committed. */
  readonly state: DeliveryState;
  readonly lastSeq: number;
}

/** Sessions kept warm; the least recently used beyond it are rebuilt when next needed. */
const WARM_SESSIONS = 32;

export class SessionGuards {
  readonly #warm = new Map<string, SessionGuard>();

  /** A guard over `plan`, at its first state (a new session). */
  static fresh(plan: unknown): SessionGuard {
    const guard = new DeliveryGuard(plan);
    return { guard, state: guard.start(), lastSeq: 0 };
  }

  /**
   * The session's guard at `lastSeq` (the locked row's), from the cache when it is there, else
   * rebuilt inside `tx` from the plan, the snapshot and the events after it.
   */
  async at(
    tx: Tx,
    session: { id: string; clinic_id: string; patient_id: string; plan_id: string },
    lastSeq: number,
  ): Promise<SessionGuard> {
    const warm = this.#warm.get(session.id);
    if (warm && warm.lastSeq === lastSeq) {
      this.#touch(session.id, warm);
      return warm;
    }
    const guard =
      warm?.guard ??
      new DeliveryGuard(
        (await planValues(tx, session.clinic_id, session.patient_id, [session.plan_id]))[0]?.plan,
      );
    const snapshot = await stateSnapshot(tx, session.id);
    let state = (snapshot?.state as DeliveryState | undefined) ?? guard.start();
    for (const { seq, text } of await storedEvents(
      tx,
      session.id,
      (snapshot?.seq ?? 0) + 1,
      lastSeq,
    )) {
      const step = guard.apply(state, JSON.parse(text));
      // A stored event was accepted once by the same guard: refusing it now is a bug or tampering.
      if (!step.ok)
        throw new Error(
          `delivery session ${session.id}: stored event ${seq} refused on replay (${step.refusal.code}: ${step.refusal.message})`,
        );
      state = step.state;
    }
    if (state.lastSeq !== lastSeq)
      throw new Error(
        `delivery session ${session.id}: replay reached ${state.lastSeq}, the row says ${lastSeq}`,
      );
    const built = { guard, state, lastSeq };
    this.#touch(session.id, built);
    return built;
  }

  /** After a commit: the session's state is now this one. */
  committed(sessionId: string, value: SessionGuard): void {
    this.#touch(sessionId, value);
  }

  /** Forget a session (its commit failed: the next batch rebuilds from the database). */
  forget(sessionId: string): void {
    this.#warm.delete(sessionId);
  }

  #touch(sessionId: string, value: SessionGuard): void {
    this.#warm.delete(sessionId);
    this.#warm.set(sessionId, value);
    while (this.#warm.size > WARM_SESSIONS) {
      const oldest = this.#warm.keys().next().value as string;
      this.#warm.delete(oldest);
    }
  }
}
