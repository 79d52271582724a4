import {
  type DeliveryGuard,
  type DeliveryState,
  deliveredCores,
  densestWindow,
  ENVELOPE,
  geometry,
  type PointMm,
  type RingMm,
} from '../src/index.js';
import { minimumPairDistance } from './helpers.js';

export const CORE_MM = 0.413; // 22G
export const CORE_AREA_MM2 = (Math.PI * CORE_MM * CORE_MM) / 4;

export interface HandZone {
  readonly id: string;
  readonly polygon: RingMm;
  readonly exclusions?: readonly RingMm[];
  readonly cores: readonly PointMm[];
  readonly areaMm2?: number;
}

/** A stored plan written by hand: only what a delivery reads (22G, bridge one core diameter). */
export function handPlan(zones: readonly HandZone[], mode: 'clinical' | 'research' = 'clinical') {
  return {
    schemaVersion: 2,
    kind: 'microcore.plan',
    mode,
    seed: 7,
    needle: { gauge: '22G', coreDiameterMm: CORE_MM },
    bridgeMinMm: CORE_MM,
    zones: zones.map((z) => ({
      id: z.id,
      label: z.id,
      polygon: z.polygon,
      exclusions: z.exclusions ?? [],
      areaMm2: z.areaMm2 ?? geometry.areaMm2(z.polygon),
      coverageTarget: 0.06,
      cores: z.cores,
    })),
  };
}

export function square(x0: number, y0: number, side: number): RingMm {
  return [
    [x0, y0],
    [x0 + side, y0],
    [x0 + side, y0 + side],
    [x0, y0 + side],
  ];
}

/**
 * Every safety invariant and count of a state, checked from the plan and the state alone (not
 * from the guard's index): throws naming the first that breaks.
 */
export function checkInvariants(guard: DeliveryGuard, state: DeliveryState): void {
  const plan = guard.plan;
  const cores = deliveredCores(state);
  const r = plan.coreDiameterMm / 2;
  const fail = (what: string) => {
    throw new Error(`invariant broken: ${what}`);
  };
  // No two cores that may have cut skin closer than core diameter + bridge.
  const points = cores.map((c): [number, number] => [c.xMm, c.yMm]);
  if (points.length > 1) {
    const closest = minimumPairDistance(points, plan.minCentreDistanceMm);
    if (closest < plan.minCentreDistanceMm) fail(`two cores ${closest} mm apart`);
  }
  const perZone = plan.zones.map(() => ({ extracted: 0, failed: 0, pending: 0, unreported: 0 }));
  const plannedSeen = plan.zones.map(() => new Set<number>());
  cores.forEach((c, i) => {
    if (c.id !== i) fail(`core ${i} has id ${c.id}`);
    const zone = plan.zones[c.zone].zone;
    const { containsPoint, distanceToBoundaryMm } = geometry;
    if (
      !containsPoint(zone.polygon, c.xMm, c.yMm) ||
      distanceToBoundaryMm(zone.polygon, c.xMm, c.yMm) < r
    )
      fail(`core ${i} not wholly inside zone ${zone.id}`);
    for (const e of zone.exclusions)
      if (containsPoint(e, c.xMm, c.yMm) || distanceToBoundaryMm(e, c.xMm, c.yMm) < r)
        fail(`core ${i} touches an exclusion`);
    const counts = perZone[c.zone];
    if (c.outcome === 'failed') counts.failed++;
    else counts[c.outcome]++;
    if (c.planned !== null) {
      if (plannedSeen[c.zone].has(c.planned)) fail(`planned core ${c.planned} fired twice`);
      plannedSeen[c.zone].add(c.planned);
      if (state.refusedPlanned[c.zone].includes(c.planned))
        fail('a refused planned core was fired');
    }
  });
  const ceiling = ENVELOPE.coverage[plan.mode].maxFraction;
  state.zones.forEach((z, i) => {
    const fired = cores.filter((c) => c.zone === i).length;
    const area = plan.zones[i].areaMm2;
    if (fired > 0 && (fired * CORE_AREA_MM2) / area > ceiling)
      fail(`zone ${z.id} over its ceiling`);
    const counts = perZone[i];
    if (
      z.extracted !== counts.extracted ||
      z.failed !== counts.failed ||
      z.pending !== counts.pending ||
      z.unreported !== counts.unreported
    )
      fail(`zone ${z.id} counts ${JSON.stringify(z)} against ${JSON.stringify(counts)}`);
    if (z.extracted > z.targetCores) fail(`zone ${z.id} extracted more than its target`);
    if (z.complete !== z.extracted >= z.targetCores) fail(`zone ${z.id} complete flag`);
  });
  // The local density, over ALL the cores at once.
  const all = new Float64Array(points.flat());
  const densest = densestWindow(all, plan.coreDiameterMm, ENVELOPE.window.sideMm);
  if (densest.coverageFraction > ceiling) fail(`a window at ${densest.coverageFraction}`);
  if (state.status === 'ended' && state.zones.some((z) => z.pending > 0)) fail('pending after end');
}
