import { areaMm2, boundsOf, clipToConvex, type RingMm } from '../geometry/polygon.js';
import { placeCores } from '../plan/placeCores.js';
import type { SamplingDomain } from '../plan/poissonDisk.js';
import { Rng } from '../rng.js';
import { containmentOf } from './containment.js';
import type { CoreIndex } from './coreIndex.js';
import type { SessionPlan, SessionZone } from './sessionPlan.js';
import { DELIVERY_SETTINGS } from './settings.js';
import type { CoreRefusalReason, HandpiecePose } from './types.js';
import type { WindowCheck } from './window.js';

/**
 * What the guard knows besides the state, kept in step with it (rebuilt from it when needed):
 * where the cores fired so far are, and which planned cores are spent.
 */
export interface Runtime {
  readonly index: CoreIndex;
  readonly window: WindowCheck;
  /** Per planned core (global index): 0 free, 1 fired, 2 refused. */
  readonly plannedStatus: Uint8Array;
  /** Per planned field: its planned cores still free. */
  readonly fieldLeft: Int32Array;
  /** Per zone: cores fired there, whatever their outcome (the zone ceiling counts them all). */
  readonly zoneFired: Int32Array;
}

export interface Candidate {
  readonly zone: number;
  readonly xMm: number;
  readonly yMm: number;
  /** Global index of the planned core, or -1 for a fresh one. */
  readonly planned: number;
}

export interface FieldOutcome {
  readonly fire: Candidate[];
  readonly refused: (Candidate & { readonly reason: CoreRefusalReason })[];
  readonly farFromPlan: boolean;
  /** The planned field nearest the pose (-1 without any). */
  readonly nearestField: number;
  /** Zones the field lies over (area > 0), by index. */
  readonly zonesUnder: readonly number[];
}

/** The field's square on the chart, as a ring, and a test of points against it. */
class FieldSquare {
  readonly cos: number;
  readonly sin: number;
  readonly half: number;
  readonly ring: RingMm;

  constructor(
    readonly pose: HandpiecePose,
    sideMm: number,
  ) {
    this.cos = Math.cos(pose.rotationRad);
    this.sin = Math.sin(pose.rotationRad);
    this.half = sideMm / 2;
    const h = this.half;
    this.ring = [
      this.toChart(-h, -h),
      this.toChart(h, -h),
      this.toChart(h, h),
      this.toChart(-h, h),
    ];
  }

  toChart(u: number, v: number): [number, number] {
    return [
      this.pose.xMm + u * this.cos - v * this.sin,
      this.pose.yMm + u * this.sin + v * this.cos,
    ];
  }

  contains(xMm: number, yMm: number): boolean {
    const dx = xMm - this.pose.xMm;
    const dy = yMm - this.pose.yMm;
    const u = dx * this.cos + dy * this.sin;
    const v = -dx * this.sin + dy * this.cos;
    return Math.abs(u) <= this.half && Math.abs(v) <= this.half;
  }
}

/**
 * Decide a placement: which cores to fire, which to refuse and why. The runtime's index gains
 * the cores to fire (the caller records them in the state). Pure but for the runtime: the same
 * plan, runtime, counts and pose give the same answer.
 */
export function decideField(
  plan: SessionPlan,
  rt: Runtime,
  /** Per zone: cores that may still be fired before the zone reaches its target. */
  quotaLeft: Int32Array,
  pose: HandpiecePose,
  seq: number,
  /** The pose the guard suggested before this placement: placing there is on the plan. */
  suggested: HandpiecePose | null,
): FieldOutcome {
  const field = new FieldSquare(pose, plan.fieldSideMm);
  const radius = plan.coreDiameterMm / 2;
  const { index } = rt;
  const base = index.count;
  const fire: Candidate[] = [];
  const refused: (Candidate & { reason: CoreRefusalReason })[] = [];
  const firedHere = new Int32Array(plan.zones.length);

  /** The guard proper: every rule but the window's (checked for the field at the end). */
  const consider = (c: Candidate): boolean => {
    const zone = plan.zones[c.zone];
    const reason =
      containmentOf(zone.zone, c.xMm, c.yMm, radius) ??
      (index.hasCloserThan(c.xMm, c.yMm, plan.minCentreDistanceMm) ? 'bridge' : null) ??
      (withinZoneCeiling(plan, zone, rt.zoneFired[c.zone] + firedHere[c.zone] + 1)
        ? null
        : 'zone-ceiling');
    if (reason !== null) {
      refused.push({ ...c, reason });
      if (c.planned >= 0) spendPlanned(plan, rt, c.planned, 2);
      return false;
    }
    index.add(c.xMm, c.yMm, c.zone);
    fire.push(c);
    firedHere[c.zone]++;
    quotaLeft[c.zone]--;
    return true;
  };

  // 1. The planned cores under the field not yet spent, in the plan's order.
  const under: number[] = [];
  plan.plannedGrid.forEachWithin(pose.xMm, pose.yMm, field.half * Math.SQRT2 * (1 + 1e-12), (g) => {
    if (
      rt.plannedStatus[g] === 0 &&
      field.contains(plan.plannedMm[2 * g], plan.plannedMm[2 * g + 1])
    )
      under.push(g);
  });
  under.sort((a, b) => a - b);
  for (const g of under) {
    const zone = plan.plannedZone[g];
    if (quotaLeft[zone] <= 0) continue; // the zone has what it needs: not fired, not refused
    consider({ zone, xMm: plan.plannedMm[2 * g], yMm: plan.plannedMm[2 * g + 1], planned: g });
  }

  // 2. Off the plan: a fresh pattern at the zone's planned density where the field lies on it.
  const nearestField = nearestPlannedField(plan, pose);
  const farFromPlan =
    isFarFrom(
      plan,
      pose,
      nearestField < 0 ? null : { ...plan.fields[nearestField], rotationRad: 0 },
    ) && isFarFrom(plan, pose, suggested);
  const zonesUnder: number[] = [];
  const fieldBounds = boundsOf(field.ring);
  plan.zones.forEach((zone, z) => {
    const b = boundsOf(zone.zone.polygon);
    if (b.maxXMm < fieldBounds.minXMm || b.minXMm > fieldBounds.maxXMm) return;
    if (b.maxYMm < fieldBounds.minYMm || b.minYMm > fieldBounds.maxYMm) return;
    const areaUnder = treatableAreaUnder(zone, field.ring);
    if (areaUnder <= 0) return;
    zonesUnder.push(z);
    if (!farFromPlan || quotaLeft[z] <= 0 || zone.areaMm2 <= 0) return;
    let already = 0;
    index.forEachInBox(
      fieldBounds.minXMm,
      fieldBounds.minYMm,
      fieldBounds.maxXMm,
      fieldBounds.maxYMm,
      (s) => {
        if (index.zone(s) === z && field.contains(index.xMm(s), index.yMm(s))) already++;
      },
    );
    const wanted = Math.min(
      quotaLeft[z],
      Math.round((zone.targetCores / zone.areaMm2) * areaUnder) - already,
    );
    if (wanted <= 0) return;
    const domain = new FreshFieldDomain(field, zone, index, plan.fieldSideMm);
    const sample = placeCores(
      () => domain,
      wanted,
      domain.spacingMm,
      areaUnder,
      new Rng(freshSeed(plan.seed, seq, z)),
    );
    for (let p = 0; p < sample.pointsMm.length; p += 2) {
      const [x, y] = field.toChart(sample.pointsMm[p], sample.pointsMm[p + 1]);
      consider({ zone: z, xMm: x, yMm: y, planned: -1 });
    }
  });

  // 3. The local-density ceiling over the field's cores together (window.ts says why this is
  // exact); if the field as a whole would cross it, core by core in the same order.
  if (!rt.window.allows(index, base)) {
    const kept = fire.splice(0);
    index.truncate(base);
    for (const c of kept) {
      index.add(c.xMm, c.yMm, c.zone);
      if (rt.window.allows(index, index.count - 1)) {
        fire.push(c);
        continue;
      }
      index.truncate(index.count - 1);
      quotaLeft[c.zone]++;
      refused.push({ ...c, reason: 'window-ceiling' });
      if (c.planned >= 0) spendPlanned(plan, rt, c.planned, 2);
    }
  }
  for (const c of fire) {
    rt.zoneFired[c.zone]++;
    if (c.planned >= 0) spendPlanned(plan, rt, c.planned, 1);
  }
  return { fire, refused, farFromPlan, nearestField, zonesUnder };
}

/** Whether `count` cores in the zone stay within the coverage ceiling of the plan's mode. */
export function withinZoneCeiling(plan: SessionPlan, zone: SessionZone, count: number): boolean {
  return zone.areaMm2 > 0 && (count * plan.coreAreaMm2) / zone.areaMm2 <= plan.ceilingFraction;
}

/** Mark a planned core fired (1) or refused (2): its field has one fewer to offer. */
export function spendPlanned(plan: SessionPlan, rt: Runtime, g: number, status: 1 | 2): void {
  if (rt.plannedStatus[g] !== 0) return;
  rt.plannedStatus[g] = status;
  rt.fieldLeft[plan.plannedField[g]]--;
}

function nearestPlannedField(plan: SessionPlan, pose: HandpiecePose): number {
  let best = -1;
  let bestMm = Number.POSITIVE_INFINITY;
  plan.fields.forEach((f, k) => {
    const d = Math.hypot(f.xMm - pose.xMm, f.yMm - pose.yMm);
    if (d < bestMm) {
      bestMm = d;
      best = k;
    }
  });
  return best;
}

/** Whether the pose is off `aim` (moved by over a quarter field or turned), or there is no aim. */
function isFarFrom(plan: SessionPlan, pose: HandpiecePose, aim: HandpiecePose | null): boolean {
  if (aim === null) return true;
  const { centreOffsetFieldSides, rotationRad } = DELIVERY_SETTINGS.farFromPlan;
  if (
    Math.hypot(aim.xMm - pose.xMm, aim.yMm - pose.yMm) >
    centreOffsetFieldSides * plan.fieldSideMm
  )
    return true;
  // A square turned by a right angle covers the same ground: the turn off the nearest axis.
  const quarter = Math.PI / 2;
  let off = (((pose.rotationRad - aim.rotationRad) % quarter) + quarter) % quarter;
  if (off > quarter / 2) off = quarter - off;
  return off > rotationRad;
}

/** The zone's treatable area under the field, mm² (the field is convex: clipToConvex is exact). */
function treatableAreaUnder(zone: SessionZone, fieldRing: RingMm): number {
  const outline = areaMm2(clipToConvex(zone.zone.polygon, fieldRing));
  if (outline <= 0) return 0;
  let excluded = 0;
  for (const e of zone.zone.exclusions) excluded += areaMm2(clipToConvex(e, fieldRing));
  return Math.max(0, outline - excluded);
}

/**
 * Where a fresh core may go, in the field's own frame (axes along its sides, origin at its
 * centre): inside the field, where the zone's planner would put a centre (half its spacing inside
 * the zone and off its exclusions), and at least the zone's spacing from every core already
 * fired. The sampler then keeps the spacing between fresh cores too.
 */
class FreshFieldDomain implements SamplingDomain {
  readonly minXMm: number;
  readonly minYMm: number;
  readonly maxXMm: number;
  readonly maxYMm: number;
  /** The zone's spacing and a hair, so the rotation's rounding cannot bring two below it. */
  readonly spacingMm: number;

  constructor(
    private readonly field: FieldSquare,
    private readonly zone: SessionZone,
    private readonly index: CoreIndex,
    sideMm: number,
  ) {
    this.minXMm = this.minYMm = -sideMm / 2;
    this.maxXMm = this.maxYMm = sideMm / 2;
    this.spacingMm = zone.spacingMm + 1e-6;
  }

  classifySquare(x0: number, y0: number, size: number): 0 | 1 | 2 {
    if (x0 > this.maxXMm || y0 > this.maxYMm || x0 + size < this.minXMm || y0 + size < this.minYMm)
      return 0;
    return 2; // the zone's edge and the cores fired: ask about each candidate
  }

  contains(u: number, v: number): boolean {
    if (Math.abs(u) > this.field.half || Math.abs(v) > this.field.half) return false;
    const [x, y] = this.field.toChart(u, v);
    return this.zone.freshDomain.contains(x, y) && !this.index.hasCloserThan(x, y, this.spacingMm);
  }
}

/** The fresh pattern's seed: from the plan's seed, the placement's seq and the zone, nothing else. */
function freshSeed(planSeed: number, seq: number, zone: number): number {
  let h = (planSeed ^ 0x811c9dc5) >>> 0;
  for (const v of [seq, zone]) {
    h = Math.imul(h ^ (v & 0xffff), 0x01000193) >>> 0;
    h = Math.imul(h ^ (v >>> 16), 0x01000193) >>> 0;
  }
  return h;
}
