/** The delivery session (issue 14): the field guard, its states and events, the simulator. */
export { CORE_CHUNK, coreAt, coreCount, deliveredCores } from './coreList.js';
export { DeliveryGuard, type DeliveryGuardOptions } from './guard.js';
export {
  DELIVERY_SIMULATION_DEFAULTS,
  type DeliverySimulationOptions,
  SimulatedPractitioner,
} from './practitioner.js';
export type { PlannedField, SessionPlan, SessionZone } from './sessionPlan.js';
export { DELIVERY_SETTINGS } from './settings.js';
export { type DeliverySimulation, simulateDelivery } from './simulator.js';
export { type DeliverySummary, type DeliverySummaryZone, deliverySummary } from './summary.js';
export * from './types.js';
