import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DeliveryGuard,
  type DeliveryState,
  deliveredCores,
  geometry,
  type PointMm,
  planTreatment,
  simulateDelivery,
} from '../src/index.js';
import { checkInvariants } from './deliveryFixtures.js';

/** A real plan of two zones. */
const realPlan = planTreatment({ zones: ['submental', 'jawline-left'], seed: 3 });

/**
 * A hostile plan: a real one with an exclusion, and then tampered with — planned cores moved
 * next to others, outside the zone, inside the exclusion, and a cluster denser than the ceiling.
 */
const hostilePlan = (() => {
  const base = planTreatment({ zones: ['submental'], seed: 5 });
  const b = geometry.boundsOf(base.zones[0].polygon);
  const cx = (b.minXMm + b.maxXMm) / 2;
  const cy = (b.minYMm + b.maxYMm) / 2;
  const exclusion = geometry.boundsOf([
    [cx - 12, cy - 2],
    [cx - 8, cy + 2],
  ]);
  const plan = planTreatment({
    zones: ['submental'],
    seed: 5,
    exclusions: [
      [
        [exclusion.minXMm, exclusion.minYMm],
        [exclusion.maxXMm, exclusion.minYMm],
        [exclusion.maxXMm, exclusion.maxYMm],
        [exclusion.minXMm, exclusion.maxYMm],
      ],
    ],
  });
  const zone = plan.zones[0];
  const extra: PointMm[] = [
    ...zone.cores.slice(0, 60).map(([x, y]): PointMm => [x + 0.3, y]),
    [b.minXMm, b.minYMm],
    [b.maxXMm + 1, cy],
    [cx - 10, cy],
    [cx - 10.1, cy + 0.5],
    ...Array.from(
      { length: 100 },
      (_, k): PointMm => [cx + 5 + 0.85 * (k % 10), cy + 0.85 * Math.floor(k / 10)],
    ),
  ];
  return {
    ...plan,
    zones: [{ ...zone, cores: [...zone.cores, ...extra] }],
    // Where the tampering is, so that random placements often land on it.
    aims: [
      [cx - 10, cy],
      [cx + 9, cy + 4],
      [b.minXMm + 3, b.minYMm + 3],
      zone.cores[10],
    ] as PointMm[],
  };
})();

type Command =
  | { kind: 'placed'; xMm: number; yMm: number; rotationRad: number; aim: [PointMm, number] | null }
  | { kind: 'report'; failEvery: number }
  | { kind: 'outcome'; coreId: number; extracted: boolean }
  | { kind: 'pause' | 'resume' | 'end' | 'repeat' | 'gap' }
  | { kind: 'malformed'; which: number };

function commands(plan: { zones: readonly { polygon: readonly PointMm[] }[]; aims?: PointMm[] }) {
  const boxes = plan.zones.map((z) => geometry.boundsOf(z.polygon));
  const x0 = Math.min(...boxes.map((b) => b.minXMm)) - 15;
  const x1 = Math.max(...boxes.map((b) => b.maxXMm)) + 15;
  const y0 = Math.min(...boxes.map((b) => b.minYMm)) - 15;
  const y1 = Math.max(...boxes.map((b) => b.maxYMm)) + 15;
  const placed = fc.record({
    kind: fc.constant('placed' as const),
    xMm: fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: x0, max: x1, noNaN: true }) },
      fc.constantFrom(1e7, -1e7),
    ),
    yMm: fc.oneof(
      { weight: 9, arbitrary: fc.double({ min: y0, max: y1, noNaN: true }) },
      fc.constantFrom(1e7, -1e7),
    ),
    rotationRad: fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      { weight: 3, arbitrary: fc.double({ min: -7, max: 7, noNaN: true }) },
      fc.double({ min: -1e300, max: 1e300, noNaN: true }),
    ),
    // Often near a spot of interest (the tampering), by up to 3 mm.
    aim: fc.option(
      fc.tuple(
        fc.constantFrom(...(plan.aims ?? [[0, 0] as PointMm])),
        fc.double({ min: -3, max: 3, noNaN: true }),
      ),
      { freq: 2 },
    ),
  });
  return fc.array(
    fc.oneof(
      { weight: 6, arbitrary: placed },
      {
        weight: 6,
        arbitrary: fc.record({
          kind: fc.constant('report' as const),
          failEvery: fc.integer({ min: 0, max: 4 }),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('outcome' as const),
          coreId: fc.integer({ min: 0, max: 3000 }),
          extracted: fc.boolean(),
        }),
      },
      fc.record({
        kind: fc.constantFrom(
          'pause' as const,
          'resume' as const,
          'repeat' as const,
          'gap' as const,
        ),
      }),
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('malformed' as const),
          which: fc.integer({ min: 0, max: 4 }),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'end' as const }) },
    ),
    { maxLength: 40 },
  );
}

/**
 * Every spot of interest placed on once, square to the chart, each field's cores reported: a run
 * that always meets the tampering, given to fast-check as an example beside its random runs (on
 * their own, 25 random runs missed one kind of tampering about one time in two).
 */
function tour(plan: { zones: readonly unknown[]; aims?: PointMm[] }): Command[] {
  return (plan.aims ?? []).flatMap(([xMm, yMm]): Command[] => [
    { kind: 'placed', xMm, yMm, rotationRad: 0, aim: null },
    { kind: 'report', failEvery: 0 },
  ]);
}

/** Run commands against the guard; returns the accepted events and the final state. */
function run(guard: DeliveryGuard, list: readonly Command[], checkEachStep: boolean) {
  let state = guard.start();
  const events: unknown[] = [];
  let clockS = 0;
  const send = (event: unknown) => {
    const step = guard.apply(state, event);
    if (!step.ok) {
      expect(step.state).toBe(state); // a refusal changes nothing
      return;
    }
    events.push(event);
    state = step.state;
    if (checkEachStep) checkInvariants(guard, state);
  };
  for (const c of list) {
    const seq = state.lastSeq + 1;
    clockS += 3;
    switch (c.kind) {
      case 'placed': {
        const [xMm, yMm] = c.aim
          ? [c.aim[0][0] + c.aim[1], c.aim[0][1] - c.aim[1]]
          : [c.xMm, c.yMm];
        send({ type: 'placed', seq, atS: clockS, pose: { xMm, yMm, rotationRad: c.rotationRad } });
        break;
      }
      case 'report': {
        const pending = deliveredCores(state).filter((core) => core.outcome === 'pending');
        pending.forEach((core, k) => {
          const fail = c.failEvery > 0 && k % c.failEvery === 0;
          send({
            type: fail ? 'notExtracted' : 'extracted',
            seq: state.lastSeq + 1,
            atS: clockS,
            coreId: core.id,
          });
        });
        break;
      }
      case 'outcome':
        send({ type: c.extracted ? 'extracted' : 'notExtracted', seq, coreId: c.coreId });
        break;
      case 'repeat':
        send({ type: 'pause', seq: Math.max(1, seq - 1) });
        break;
      case 'gap':
        send({ type: 'pause', seq: seq + 1 });
        break;
      case 'malformed': {
        const malformed = [
          { type: 'placed', seq, pose: { xMm: Number.NaN, yMm: 0, rotationRad: 0 } },
          { type: 'placed', seq, pose: { xMm: 0, yMm: Number.POSITIVE_INFINITY, rotationRad: 0 } },
          { type: 'extracted', seq, coreId: '1' },
          { seq },
          null,
        ];
        send(malformed[c.which]);
        break;
      }
      default:
        send({ type: c.kind, seq, atS: clockS });
    }
  }
  return { events, state };
}

function roundTrip(state: DeliveryState): DeliveryState {
  return JSON.parse(JSON.stringify(state));
}

describe.each([
  ['a real plan', realPlan, []],
  [
    'a tampered plan with an exclusion',
    hostilePlan,
    ['bridge', 'outside-zone', 'in-exclusion', 'window-ceiling'],
  ],
])('the guard on %s, for any events', (_, plan, reasonsSeen) => {
  it('never breaks an invariant, and the state depends only on the events', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(commands(plan), fc.nat(), (list, cut) => {
        const guard = new DeliveryGuard(plan);
        const { events, state } = run(guard, list, true);
        for (const z of state.zones)
          for (const [r, n] of Object.entries(z.refused)) if (n > 0) seen.add(r);
        expect(roundTrip(state)).toEqual(state); // plain JSON
        // Replayed by another guard: the same state.
        const again = new DeliveryGuard(plan).replay(events);
        expect(again.refusal).toBeUndefined();
        expect(again.state).toEqual(state);
        // Cut anywhere, stored as JSON, read back by a third guard, and gone on with.
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        const first = new DeliveryGuard(plan).replay(events.slice(0, k));
        const resumed = new DeliveryGuard(plan).replay(events.slice(k), roundTrip(first.state));
        expect(resumed.refusal).toBeUndefined();
        expect(resumed.state).toEqual(state);
        // An earlier state applied again gives what it gave the first time.
        if (k < events.length) {
          const step = guard.apply(first.state, events[k]);
          const step2 = guard.apply(first.state, events[k]);
          expect(step2).toEqual(step);
        }
      }),
      { numRuns: 25, examples: [[tour(plan), 0]] },
    );
    // The tampering was met: the guard refused for each of these reasons in some run.
    for (const reason of reasonsSeen) expect(seen).toContain(reason);
  });

  it('the grid and the reference scan decide alike', () => {
    fc.assert(
      fc.property(commands(plan), (list) => {
        const { events, state } = run(new DeliveryGuard(plan), list, false);
        const scan = new DeliveryGuard(plan, { index: 'scan' }).replay(events);
        expect(scan.state).toEqual(state);
      }),
      { numRuns: 15 },
    );
  });
});

describe('the simulated session', () => {
  it('is the same for the same seed, keeps every invariant, and delivers nearly all the plan', () => {
    const plan = planTreatment({ zones: ['submental', 'jawline-right'], seed: 2 });
    const a = simulateDelivery(new DeliveryGuard(plan), { seed: 11 });
    const b = simulateDelivery(new DeliveryGuard(plan), { seed: 11 });
    expect(b.events).toEqual(a.events);
    const c = simulateDelivery(new DeliveryGuard(plan), { seed: 12 });
    expect(c.events).not.toEqual(a.events);
    const guard = new DeliveryGuard(plan);
    checkInvariants(guard, a.state);
    expect(guard.replay(a.events).state).toEqual(a.state);
    const kinds = new Set(a.events.map((e) => e.type));
    expect([...kinds].sort()).toEqual([
      'end',
      'extracted',
      'notExtracted',
      'pause',
      'placed',
      'resume',
    ]);
    expect(a.state.status).toBe('ended');
    const target = plan.totals.cores;
    const extracted = a.state.zones.reduce((s, z) => s + z.extracted, 0);
    const failed = a.state.zones.reduce((s, z) => s + z.failed, 0);
    // Every planned core is fired or refused; what is short of the plan is the failed ones.
    expect(extracted + failed).toBeGreaterThanOrEqual(0.99 * target);
    expect(failed).toBeGreaterThan(0);
    expect(a.state.pausedS).toBeGreaterThanOrEqual(120);
    expect(a.state.lastAtS).toBeGreaterThan(a.state.firstAtS ?? 0);
  });
});
