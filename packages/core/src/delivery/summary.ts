import type { PointMm } from '../geometry/polygon.js';
import type { SessionDeliveryZone } from '../records/types.js';
import { deliveredCores } from './coreList.js';
import type { DeliveryGuard } from './guard.js';
import {
  CORE_REFUSAL_REASONS,
  type CoreRefusalReason,
  type DeliveryState,
  type RefusalCounts,
} from './types.js';

/** One zone's result: the session record's zone, with the centres of its extracted cores. */
export interface DeliverySummaryZone extends SessionDeliveryZone {
  readonly refused: RefusalCounts;
  /** Centres of the cores extracted, mm, on the plan's chart. */
  readonly extractedMm: readonly PointMm[];
}

/** A session's result, per zone and in total: what a session record keeps. */
export interface DeliverySummary {
  readonly status: DeliveryState['status'];
  /** Per zone: what its session record keeps (`SessionDeliveryZone`), and where the cores are. */
  readonly zones: readonly DeliverySummaryZone[];
  readonly totals: {
    readonly targetCores: number;
    readonly extracted: number;
    readonly failed: number;
    readonly unreported: number;
    readonly fields: number;
    readonly refused: RefusalCounts;
    readonly alarms: number;
    /** From the first timed event to the last, s; and that less the time paused. */
    readonly durationS: number;
    readonly activeS: number;
  };
}

export function deliverySummary(guard: DeliveryGuard, state: DeliveryState): DeliverySummary {
  const cores = deliveredCores(state);
  const zones = state.zones.map((z, i): DeliverySummaryZone => {
    const area = guard.plan.zones[i].areaMm2;
    const coverage = (n: number) => (area > 0 ? (n * guard.plan.coreAreaMm2) / area : 0);
    return {
      zoneId: z.id,
      targetCores: z.targetCores,
      extracted: z.extracted,
      failed: z.failed,
      unreported: z.unreported,
      plannedCoverageFraction: coverage(z.targetCores),
      achievedCoverageFraction: coverage(z.extracted),
      refused: z.refused,
      extractedMm: cores
        .filter((c) => c.zone === i && c.outcome === 'extracted')
        .map((c): PointMm => [c.xMm, c.yMm]),
    };
  });
  const sum = (pick: (z: (typeof zones)[number]) => number) =>
    zones.reduce((total, z) => total + pick(z), 0);
  const refused = Object.fromEntries(
    CORE_REFUSAL_REASONS.map((r: CoreRefusalReason) => [r, sum((z) => z.refused[r])]),
  ) as RefusalCounts;
  const durationS =
    state.firstAtS === null || state.lastAtS === null ? 0 : state.lastAtS - state.firstAtS;
  return {
    status: state.status,
    zones,
    totals: {
      targetCores: sum((z) => z.targetCores),
      extracted: sum((z) => z.extracted),
      failed: sum((z) => z.failed),
      unreported: sum((z) => z.unreported),
      fields: state.fields,
      refused,
      alarms: state.alarms.length,
      durationS,
      activeS: Math.max(0, durationS - state.pausedS),
    },
  };
}
