import { CORE_CHUNK, deliveredCores } from './coreList.js';
import type { SessionPlan } from './sessionPlan.js';
import { DELIVERY_SCHEMA_VERSION, type DeliveryState } from './types.js';

/** What is wrong with a state given to this plan's guard (null: nothing found). */
export function stateProblem(state: DeliveryState, plan: SessionPlan): string | null {
  if (typeof state !== 'object' || state === null) return 'it is not an object';
  if (state.kind !== 'microcore.delivery' || state.schemaVersion !== DELIVERY_SCHEMA_VERSION)
    return `it is not a delivery state of format ${DELIVERY_SCHEMA_VERSION}`;
  if (state.planFingerprint !== plan.fingerprint)
    return 'it belongs to another plan or handpiece (its fingerprint differs)';
  if (!Number.isSafeInteger(state.lastSeq) || state.lastSeq < 0)
    return 'its lastSeq is not a whole number';
  if (!['active', 'paused', 'ended'].includes(state.status)) return 'its status is unknown';
  if (
    !Array.isArray(state.cores) ||
    !Array.isArray(state.zones) ||
    state.zones.length !== plan.zones.length
  )
    return 'its cores or zones are missing';
  if (!Array.isArray(state.refusedPlanned) || state.refusedPlanned.length !== plan.zones.length)
    return 'its refusedPlanned is missing';
  if (
    state.cores.some(
      (chunk, k) =>
        !Array.isArray(chunk) || (k < state.cores.length - 1 && chunk.length !== CORE_CHUNK),
    )
  )
    return 'its cores are not in chunks of 256';
  const cores = deliveredCores(state);
  for (let i = 0; i < cores.length; i++) {
    const c = cores[i];
    if (
      c?.id !== i ||
      !Number.isInteger(c.zone) ||
      c.zone < 0 ||
      c.zone >= plan.zones.length ||
      !Number.isFinite(c.xMm) ||
      !Number.isFinite(c.yMm) ||
      (c.planned !== null &&
        !(
          Number.isInteger(c.planned) &&
          c.planned >= 0 &&
          c.planned < plan.zones[c.zone].targetCores
        ))
    )
      return `its core ${i} is malformed`;
  }
  for (let z = 0; z < plan.zones.length; z++) {
    const list = state.refusedPlanned[z];
    if (
      !Array.isArray(list) ||
      list.some((k) => !(Number.isInteger(k) && k >= 0 && k < plan.zones[z].targetCores))
    )
      return `its refusedPlanned[${z}] is malformed`;
  }
  return null;
}
