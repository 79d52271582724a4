import { randomUUID } from 'node:crypto';
import {
  type DeliveryEvent,
  DeliveryGuard,
  type DeliveryState,
  simulateDelivery,
} from '@microcore/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.js';

/**
 * A console's view of a delivery session, for the tests and the crash trials: the simulated
 * events of a session over a stored plan (the core's simulator), and the state an uninterrupted
 * run of them gives.
 */
export interface SimulatedSession {
  readonly events: readonly DeliveryEvent[];
  /** The guard's state after every event, run without a server. */
  readonly finalState: DeliveryState;
}

export function simulatedSession(plan: unknown, seed: number): SimulatedSession {
  const guard = new DeliveryGuard(plan);
  const run = simulateDelivery(guard, { seed, maxTouchUpFields: 40 });
  return { events: run.events, finalState: run.state };
}

export const newConsoleId = () => `console-${randomUUID()}`;

/** A state as JSON (what the server stores and answers), to compare with deep equality. */
export const asJson = (state: unknown) => JSON.parse(JSON.stringify(state));

/** The events stored for a session: what is committed. */
export async function storedEventCount(db: Kysely<Database>, sessionId: string): Promise<number> {
  const row = await db
    .selectFrom('delivery_events')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
