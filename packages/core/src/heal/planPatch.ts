import type { StoredPlan } from '../plan/types.js';
import type { BridgePatchInput } from './bridges.js';
import { DEFAULT_TENSION_ANGLE_DEG, ZONE_TENSION_ANGLE_DEG } from './parameters.js';

/**
 * The bridge patch a simulation of `plan` solves: a square of the handpiece's field at the middle
 * (the mean of the outline's vertices) of the largest zone, its corner rounded to 0.01 mm, with
 * that zone's cores and tension direction. One place, for the simulation and the bench's
 * sensitivity screen alike.
 */
export function planPatch(plan: StoredPlan): { zoneId: string; input: BridgePatchInput } {
  const largest = plan.zones.reduce(
    (best, z) => (z.areaMm2 > best.areaMm2 ? z : best),
    plan.zones[0],
  );
  let cx = 0;
  let cy = 0;
  for (const [x, y] of largest.polygon) {
    cx += x / largest.polygon.length;
    cy += y / largest.polygon.length;
  }
  const side = plan.handpiece.fieldSideMm;
  const corner = (v: number) => Number((v - side / 2).toFixed(2));
  return {
    zoneId: largest.id,
    input: {
      originMm: [corner(cx), corner(cy)],
      sideMm: side,
      cores: largest.cores,
      coreDiameterMm: plan.needle.coreDiameterMm,
      tensionAngleDeg: ZONE_TENSION_ANGLE_DEG[largest.id] ?? DEFAULT_TENSION_ANGLE_DEG,
    },
  };
}
