import type { Zone } from '../anatomy/zones.js';
import {
  type PlannedZone,
  planWithZones,
  planZone,
  type ZoneContext,
  type ZonePlacer,
} from './planner.js';
import type { Plan, PlanInput, PlanWarning } from './types.js';

/** A planner that remembers its last zones (createPlanner). */
export interface Planner {
  /** Exactly planTreatment(input): the same plan, warnings and refusals. */
  plan(input?: PlanInput): Plan;
}

export interface PlannerOptions {
  /** Zones remembered, the least recently used forgotten first; default 16. */
  readonly maxZones?: number;
  /** Cores remembered over all those zones, likewise; default 200,000 (about 20 MB). */
  readonly maxCores?: number;
}

interface Remembered {
  readonly planned: PlannedZone;
  readonly warnings: readonly PlanWarning[];
}

/**
 * A planner for a screen that plans again and again with one setting changed (the web planner's
 * coverage slider): zones are planned independently (each from its own seed, its cores kept
 * half a spacing inside its edges), so a zone whose own inputs have not changed gets the plan it
 * got before, and only the changed zone is placed again. What joins the zones (the densest
 * window across their borders, thinning, the totals, the smallest bridge) is worked out afresh
 * on every call. `plan(input)` is planTreatment(input), byte for byte (test/createPlanner.test.ts);
 * the plans share their zones' arrays with later plans, which the types make read-only.
 */
export function createPlanner(options: PlannerOptions = {}): Planner {
  const maxZones = options.maxZones ?? 16;
  const maxCores = options.maxCores ?? 200_000;
  // A Map iterates in insertion order: a hit is moved to the end, the first key is the oldest.
  const remembered = new Map<string, Remembered>();
  let coresRemembered = 0;

  const placeZone: ZonePlacer = (zone, ctx) => {
    const key = zoneKey(zone, ctx);
    // NaN and ±Infinity all write as null: such a zone is planned afresh, never taken for another.
    if (key.includes('null')) return planZone(zone, ctx);
    const hit = remembered.get(key);
    if (hit) {
      remembered.delete(key);
      remembered.set(key, hit);
      ctx.warnings.push(...hit.warnings);
      return hit.planned;
    }
    const warnings: PlanWarning[] = [];
    const planned = planZone(zone, { ...ctx, warnings });
    ctx.warnings.push(...warnings);
    // The remembered plan keeps its own outline and exclusions (read back from the key), not the
    // caller's arrays: a caller that changes its template in place later cannot change them.
    const [, , polygon, exclusions] = JSON.parse(key);
    remembered.set(key, {
      planned: { ...planned, plan: { ...planned.plan, polygon, exclusions } },
      warnings,
    });
    coresRemembered += planned.plan.coreCount;
    for (const [oldest, entry] of remembered) {
      if (remembered.size <= maxZones && coresRemembered <= maxCores) break;
      remembered.delete(oldest);
      coresRemembered -= entry.planned.plan.coreCount;
    }
    return planned;
  };

  return { plan: (input = {}) => planWithZones(input, placeZone) };
}

/**
 * Everything planZone reads, as a string: the zone (outline and exclusions, clipped) and its
 * whole context but the warnings list (coverage target, needle, spacing, pattern, handpiece,
 * seed, and whatever a later change adds to ZoneContext: a field is in the key unless it is
 * taken out here). JSON writes every finite number so that it reads back exactly, so equal keys
 * mean equal inputs (−0 and 0 share a key and give the same plan). A non-finite number is written
 * as null, like another: a key with a null is never remembered (see placeZone).
 */
function zoneKey(zone: Zone, ctx: ZoneContext): string {
  const { warnings: _warnings, ...inputs } = ctx;
  return JSON.stringify([zone.id, zone.label, zone.polygon, zone.exclusions, inputs]);
}
