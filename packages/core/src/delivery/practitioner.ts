import { Rng } from '../rng.js';
import type { DeliveryGuard } from './guard.js';
import type { DeliveredCore, DeliveryEvent, DeliveryState, HandpiecePose } from './types.js';

/**
 * A practitioner at the handpiece, simulated: raster passes over each zone's planned fields with
 * the hand's wander, now and then a field pushed into its neighbour (overlap) or short of it
 * (gap), a few placed well off the plan, a pace that speeds up and slows down, occasional failed
 * extractions, one interruption; then the fields the guard suggests until none is left.
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

/**
 * The simulated practitioner stepped one event at a time: `next(state)` is the event to send
 * given the guard's state after everything sent so far, or null when there is nothing to send
 * (the session ended, or paused by someone else). Every event takes `state.lastSeq + 1`, so a
 * pause and resume inserted by a user between two steps shifts the later seqs and nothing else.
 *
 * Where it is in the session (which raster field, whether its own pause is behind it, which
 * cores await an outcome) is read from the state; only the random stream, the simulated clock
 * and the pace are its own. `simulateDelivery` is this stepped to the end.
 */
export class SimulatedPractitioner {
  private readonly o: Required<DeliverySimulationOptions>;
  private readonly rng: Rng;
  private readonly pauseAt: number;
  /** The simulated console clock, s. */
  private clockS: number;
  /** > 1: slower than the handpiece's nominal times. */
  private pace = 1;
  /** A placement was made whose pace change and repositioning have not happened yet. */
  private fieldDone = false;
  /** Seconds per core of the field (its placement's seq) whose outcomes are being reported. */
  private perCoreS = 0;
  private perCoreFieldSeq = -1;
  private ownPause: 'before' | 'paused' | 'done';

  /**
   * From a new session (`guard.start()`), the events are those of the old `simulateDelivery`
   * loop for the same seed. From a state part-way (a console that reloaded), it goes on from
   * there with a stream seeded by the seed and the state's lastSeq: deterministic, not the same
   * events an uninterrupted run would have sent.
   */
  constructor(
    private readonly guard: DeliveryGuard,
    options: DeliverySimulationOptions = {},
    from?: DeliveryState,
  ) {
    this.o = { ...DELIVERY_SIMULATION_DEFAULTS, ...options };
    this.pauseAt = Math.floor(this.o.pauseAfterFraction * guard.plannedFields.length);
    const lastSeq = from?.lastSeq ?? 0;
    this.rng = new Rng(lastSeq === 0 ? this.o.seed : mixSeed(this.o.seed, lastSeq));
    this.clockS = from?.lastAtS ?? 0;
    this.ownPause = 'before';
    if (from !== undefined && lastSeq > 0) {
      const pending = from.zones.some((z) => z.pending > 0);
      this.fieldDone = from.fields > 0 && !pending;
      // Its own pause comes before raster field `pauseAt`: behind it once that field is placed,
      // or once some pause has happened there (the state cannot tell whose).
      const k = from.fields;
      if (
        k > this.pauseAt ||
        (k === this.pauseAt && (from.pausedS > 0 || from.status === 'paused'))
      )
        this.ownPause = 'done';
    }
    if (this.pauseAt === 0) this.ownPause = 'done';
  }

  /** The simulated clock, s: a console stamps its own events (a user's pause) with it. */
  get clock(): number {
    return round(this.clockS);
  }

  /** Time passes on the simulated clock (a user's pause lasted this long). */
  wait(seconds: number): void {
    if (seconds > 0) this.clockS += seconds;
  }

  next(state: DeliveryState): DeliveryEvent | null {
    const seq = state.lastSeq + 1;
    if (state.status === 'ended') return null;
    if (state.status === 'paused') {
      if (this.ownPause !== 'paused') return null; // someone else's pause: theirs to end
      this.ownPause = 'done';
      this.clockS += 120 + 180 * this.rng.next();
      return { type: 'resume', seq, atS: round(this.clockS) };
    }
    const pending = pendingOfLastField(state);
    if (pending.pending !== undefined) {
      if (pending.fieldSeq !== this.perCoreFieldSeq) {
        this.perCoreFieldSeq = pending.fieldSeq;
        this.perCoreS = (this.guard.handpiece.secondsPerField * this.pace) / pending.fired;
      }
      this.clockS += this.perCoreS;
      return {
        type: this.rng.next() < this.o.failureRate ? 'notExtracted' : 'extracted',
        seq,
        atS: round(this.clockS),
        coreId: pending.pending.id,
      };
    }
    if (this.fieldDone) {
      // The pace wanders: a practitioner speeds up and slows down.
      this.pace = Math.min(1.6, Math.max(0.6, this.pace * Math.exp(0.1 * this.normal())));
      this.clockS += this.guard.handpiece.repositionSecondsPerField * this.pace;
      this.fieldDone = false;
    }
    const fields = this.guard.plannedFields;
    const k = state.fields;
    if (k < fields.length) {
      if (k === this.pauseAt && this.ownPause === 'before') {
        this.ownPause = 'paused';
        return { type: 'pause', seq, atS: round(this.clockS) };
      }
      const field = fields[k];
      const after = fields[k + 1];
      const rowDirection =
        after && after.zone === field.zone && after.yMm === field.yMm
          ? Math.sign(after.xMm - field.xMm)
          : 1;
      return this.place(seq, field.xMm, field.yMm, rowDirection);
    }
    const touchUps = k - fields.length;
    if (state.nextField !== null && touchUps < this.o.maxTouchUpFields) {
      const aim = state.nextField.pose;
      return this.place(seq, aim.xMm, aim.yMm, 1);
    }
    return { type: 'end', seq, atS: round(this.clockS) };
  }

  private place(seq: number, xMm: number, yMm: number, rowDirection: number): DeliveryEvent {
    this.fieldDone = true;
    return {
      type: 'placed',
      seq,
      atS: round(this.clockS),
      pose: this.aimedAt(xMm, yMm, rowDirection),
    };
  }

  private normal(): number {
    // Box–Muller from the seeded stream.
    const u = 1 - this.rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.rng.next());
  }

  private aimedAt(xMm: number, yMm: number, rowDirection: number): HandpiecePose {
    const { o, rng } = this;
    let x = xMm + o.positionNoiseMm * this.normal();
    let y = yMm + o.positionNoiseMm * this.normal();
    let rotationRad = o.rotationNoiseRad * this.normal();
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
  }
}

/**
 * The first core of the last placement still awaiting an outcome (the guard takes no placement
 * while one does, so they are all the last field's) and how many that placement fired. Reads
 * from the end of the list: O(one field), not O(session).
 */
function pendingOfLastField(state: DeliveryState): {
  pending: DeliveredCore | undefined;
  fieldSeq: number;
  fired: number;
} {
  let pending: DeliveredCore | undefined;
  let fired = 0;
  let fieldSeq = -1;
  for (let c = state.cores.length - 1; c >= 0; c--) {
    const chunk = state.cores[c];
    for (let i = chunk.length - 1; i >= 0; i--) {
      const core = chunk[i];
      if (fieldSeq === -1) fieldSeq = core.fieldSeq;
      else if (core.fieldSeq !== fieldSeq) return { pending, fieldSeq, fired };
      fired++;
      if (core.outcome === 'pending') pending = core;
    }
  }
  return { pending, fieldSeq, fired };
}

function mixSeed(seed: number, lastSeq: number): number {
  return (Math.imul(Math.trunc(seed) ^ 0x5bd1e995, 0x27d4eb2d) + lastSeq) | 0;
}

/** Times as the console would send them: to the millisecond. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
