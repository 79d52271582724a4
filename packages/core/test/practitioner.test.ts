import { describe, expect, it } from 'vitest';
import {
  DELIVERY_SIMULATION_DEFAULTS,
  type DeliveryEvent,
  DeliveryGuard,
  type DeliverySimulationOptions,
  type DeliveryState,
  type HandpiecePose,
  planTreatment,
  SimulatedPractitioner,
  simulateDelivery,
} from '../src/index.js';
import { Rng } from '../src/rng.js';
import { checkInvariants } from './deliveryFixtures.js';

/**
 * The simulator's loop as it was before it was rebuilt on SimulatedPractitioner, kept verbatim
 * as the reference: the docs' figures, the benches and the crash trials depend on its events.
 */
function legacySimulateDelivery(
  guard: DeliveryGuard,
  options: DeliverySimulationOptions = {},
): { events: DeliveryEvent[]; state: DeliveryState } {
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
  return { events, state };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

describe('SimulatedPractitioner', () => {
  const small = planTreatment({ zones: ['submental', 'jawline-right'], seed: 2 });

  it("gives exactly the old simulator's events, seed by seed", () => {
    for (const seed of [1, 2, 3, 11, 12345]) {
      const old = legacySimulateDelivery(new DeliveryGuard(small), { seed });
      const now = simulateDelivery(new DeliveryGuard(small), { seed });
      expect(now.events.length).toBeGreaterThan(100);
      expect(now.events).toEqual(old.events);
      expect(now.state).toEqual(old.state);
    }
  });

  it("gives the old events on the default plan too (seed 1, the docs' session)", () => {
    const plan = planTreatment({});
    const old = legacySimulateDelivery(new DeliveryGuard(plan), { seed: 1 });
    const now = simulateDelivery(new DeliveryGuard(plan), { seed: 1 });
    expect(now.events).toEqual(old.events);
  });

  it('with pauses a user inserted between its steps, every event is accepted and the session ends', () => {
    const guard = new DeliveryGuard(small);
    const practitioner = new SimulatedPractitioner(guard, { seed: 5 });
    let state = guard.start();
    const send = (event: DeliveryEvent) => {
      const step = guard.apply(state, event);
      if (!step.ok) throw new Error(`refused ${JSON.stringify(event)}: ${step.refusal.message}`);
      state = step.state;
    };
    let steps = 0;
    let userPauses = 0;
    for (;;) {
      // Every 97th step the user pauses for a minute (unless the practitioner already has).
      if (steps % 97 === 50 && state.status === 'active') {
        send({ type: 'pause', seq: state.lastSeq + 1, atS: practitioner.clock });
        practitioner.wait(60);
        send({ type: 'resume', seq: state.lastSeq + 1, atS: practitioner.clock });
        userPauses++;
      }
      const event = practitioner.next(state);
      if (event === null) break;
      send(event);
      steps++;
    }
    expect(userPauses).toBeGreaterThan(3);
    expect(state.status).toBe('ended');
    checkInvariants(guard, state);
    const plain = simulateDelivery(guard, { seed: 5 });
    expect(state.lastSeq).toBeGreaterThanOrEqual(plain.state.lastSeq + 2 * userPauses - 50);
    expect(state.pausedS).toBeGreaterThanOrEqual(plain.state.pausedS + 60 * userPauses - 1e-6);
  });

  it('goes on from a stored state part-way (a console that reloaded) to a valid end, the same each time', () => {
    const guard = new DeliveryGuard(small);
    const whole = simulateDelivery(guard, { seed: 9 });
    for (const cut of [1, 2, Math.floor(whole.events.length / 3), whole.events.length - 2]) {
      const stored: DeliveryState = JSON.parse(
        JSON.stringify(guard.replay(whole.events.slice(0, cut)).state),
      );
      const finish = () => {
        const g = new DeliveryGuard(small);
        const p = new SimulatedPractitioner(g, { seed: 9 }, stored);
        let state = stored;
        const events: DeliveryEvent[] = [];
        for (let e = p.next(state); e !== null; e = p.next(state)) {
          const step = g.apply(state, e);
          if (!step.ok) throw new Error(`cut ${cut}: refused: ${step.refusal.message}`);
          events.push(e);
          state = step.state;
        }
        return { events, state };
      };
      const a = finish();
      expect(a.state.status).toBe('ended');
      expect(a.events[0].seq).toBe(cut + 1);
      checkInvariants(guard, a.state);
      expect(finish().events).toEqual(a.events);
    }
  });
});
