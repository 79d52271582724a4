import { randomUUID } from 'node:crypto';
import {
  type DeliveryEvent,
  DeliveryGuard,
  type DeliveryState,
  simulateDelivery,
} from '@microcore/core';

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
