import type { DeliveryGuard } from './guard.js';
import {
  DELIVERY_SIMULATION_DEFAULTS,
  type DeliverySimulationOptions,
  SimulatedPractitioner,
} from './practitioner.js';
import type { DeliveryEvent, DeliveryState } from './types.js';

export { DELIVERY_SIMULATION_DEFAULTS, type DeliverySimulationOptions };

export interface DeliverySimulation {
  readonly events: readonly DeliveryEvent[];
  readonly state: DeliveryState;
  /** Placements in the raster pass and after it. */
  readonly rasterFields: number;
  readonly touchUpFields: number;
}

/**
 * A whole simulated session: the SimulatedPractitioner stepped to the end, each event sent
 * through the guard as a console would, firing exactly the cores the guard decides. Seeded: the
 * same guard and options give the same events.
 */
export function simulateDelivery(
  guard: DeliveryGuard,
  options: DeliverySimulationOptions = {},
): DeliverySimulation {
  const practitioner = new SimulatedPractitioner(guard, options);
  const events: DeliveryEvent[] = [];
  let state = guard.start();
  for (let event = practitioner.next(state); event !== null; event = practitioner.next(state)) {
    const step = guard.apply(state, event);
    if (!step.ok)
      throw new Error(`simulator: the guard refused its own event: ${step.refusal.message}`);
    events.push(event);
    state = step.state;
  }
  const rasterFields = Math.min(state.fields, guard.plannedFields.length);
  return { events, state, rasterFields, touchUpFields: state.fields - rasterFields };
}
