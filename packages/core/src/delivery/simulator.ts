import { Rng } from '../rng.js';
import type { DeliveryGuard } from './guard.js';
import type { DeliveryEvent, DeliveryState, HandpiecePose } from './types.js';

/**
 * A practitioner at the handpiece, simulated: raster passes over each zone's planned fields with
 * the hand's wander, now and then a field pushed into its neighbour (overlap) or short of it
 * (gap), a few placed well off the plan, a pace that speeds up and slows down, occasional failed
 * extractions, one interruption; then the fields the guard suggests until none is left. It sends
 * events to the guard as a console would, fires exactly the cores the guard decides, and returns
 * every event it sent. Seeded: the same guard and options give the same events.
 */
export interface DeliverySimulationOptions {
  readonly seed?: number;
  /** Standard deviation of the hand's wander about the aimed centre, mm. */
  readonly positionNoiseMm?: number;
  /** Standard deviation of the field's turn, rad. */
  readonly rotationNoiseRad?: number;
  /** Share of placements pushed into the next field or short of it, by 1.5–3 mm. */
  readonly overlapGapRate?: number;
  /** Share of placements well off the plan (4–6 mm away, turned 15–30°). */
  readonly offPlanRate?: number;
  /** Share of fired cores that do not come out. */
  readonly failureRate?: number;
  /** The interruption comes after this share of the raster pass; it lasts 2–5 min. */
  readonly pauseAfterFraction?: number;
  /** Most fields placed after the raster pass, following the guard's suggestions. */
  readonly maxTouchUpFields?: number;
}

export interface DeliverySimulation {
  readonly events: readonly DeliveryEvent[];
  readonly state: DeliveryState;
  /** Placements in the raster pass and after it. */
  readonly rasterFields: number;
  readonly touchUpFields: number;
}

export const DELIVERY_SIMULATION_DEFAULTS = {
  seed: 1,
  positionNoiseMm: 0.6,
  rotationNoiseRad: (2 * Math.PI) / 180,
  overlapGapRate: 0.1,
  offPlanRate: 0.03,
  failureRate: 0.02,
  pauseAfterFraction: 0.4,
  maxTouchUpFields: 400,
} as const;

export function simulateDelivery(
  guard: DeliveryGuard,
  options: DeliverySimulationOptions = {},
): DeliverySimulation {
  const o = { ...DELIVERY_SIMULATION_DEFAULTS, ...options };
  const rng = new Rng(o.seed);
  const normal = (): number => {
    // Box–Muller from the seeded stream.
    const u = 1 - rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const handpiece = guard.handpiece;
  const events: DeliveryEvent[] = [];
  let state = guard.start();
  let seq = 0;
  let clockS = 0;
  let pace = 1; // > 1: slower than the handpiece's nominal times
  const send = (event: DeliveryEvent) => {
    const step = guard.apply(state, event);
    if (!step.ok)
      throw new Error(`simulator: the guard refused its own event: ${step.refusal.message}`);
    events.push(event);
    state = step.state;
    return step;
  };
  const place = (pose: HandpiecePose) => {
    const step = send({ type: 'placed', seq: ++seq, atS: round(clockS), pose });
    const fire = step.ok ? (step.decision?.fire ?? []) : [];
    const perCoreS = (handpiece.secondsPerField * pace) / Math.max(1, fire.length);
    for (const core of fire) {
      clockS += perCoreS;
      send({
        type: rng.next() < o.failureRate ? 'notExtracted' : 'extracted',
        seq: ++seq,
        atS: round(clockS),
        coreId: core.id,
      });
    }
    // The pace wanders: a practitioner speeds up and slows down.
    pace = Math.min(1.6, Math.max(0.6, pace * Math.exp(0.1 * normal())));
    clockS += handpiece.repositionSecondsPerField * pace;
  };
  const aimedAt = (xMm: number, yMm: number, rowDirection: number): HandpiecePose => {
    let x = xMm + o.positionNoiseMm * normal();
    let y = yMm + o.positionNoiseMm * normal();
    let rotationRad = o.rotationNoiseRad * normal();
    const r = rng.next();
    if (r < o.offPlanRate) {
      const angle = 2 * Math.PI * rng.next();
      const far = 4 + 2 * rng.next();
      x += far * Math.cos(angle);
      y += far * Math.sin(angle);
      rotationRad += ((rng.next() < 0.5 ? -1 : 1) * ((15 + 15 * rng.next()) * Math.PI)) / 180;
    } else if (r < o.offPlanRate + o.overlapGapRate) {
      // Into the next field along the row (overlap) or short of it (gap).
      x += rowDirection * (rng.next() < 0.5 ? -1 : 1) * (1.5 + 1.5 * rng.next());
    }
    return { xMm: x, yMm: y, rotationRad };
  };

  const fields = guard.plannedFields;
  const pauseAt = Math.floor(o.pauseAfterFraction * fields.length);
  fields.forEach((field, k) => {
    if (k === pauseAt && k > 0) {
      send({ type: 'pause', seq: ++seq, atS: round(clockS) });
      clockS += 120 + 180 * rng.next();
      send({ type: 'resume', seq: ++seq, atS: round(clockS) });
    }
    const next = fields[k + 1];
    const rowDirection =
      next && next.zone === field.zone && next.yMm === field.yMm
        ? Math.sign(next.xMm - field.xMm)
        : 1;
    place(aimedAt(field.xMm, field.yMm, rowDirection));
  });
  let touchUps = 0;
  while (state.nextField !== null && touchUps < o.maxTouchUpFields) {
    const aim = state.nextField.pose;
    place(aimedAt(aim.xMm, aim.yMm, 1));
    touchUps++;
  }
  send({ type: 'end', seq: ++seq, atS: round(clockS) });
  return { events, state, rasterFields: fields.length, touchUpFields: touchUps };
}

/** Times as the console would send them: to the millisecond. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
