import { describe, expect, it } from 'vitest';
import {
  DeliveryGuard,
  type DeliveryState,
  type DeliveryStep,
  deliveredCores,
  isMicrocoreError,
  planTreatment,
} from '../src/index.js';
import { CORE_AREA_MM2, checkInvariants, handPlan, square } from './deliveryFixtures.js';

function accepted(step: DeliveryStep): Extract<DeliveryStep, { ok: true }> {
  if (!step.ok) throw new Error(`refused: ${step.refusal.code} ${step.refusal.message}`);
  return step;
}

/** One field at (x, y), unturned, on a fresh session: the step. */
function placeOnce(plan: unknown, x: number, y: number, rotationRad = 0) {
  const guard = new DeliveryGuard(plan);
  const step = accepted(
    guard.apply(guard.start(), { type: 'placed', seq: 1, pose: { xMm: x, yMm: y, rotationRad } }),
  );
  return { guard, step };
}

describe('the field guard, by hand', () => {
  const zone = square(-20, -20, 40);
  // 0.413 + 0.413 = 0.826 exactly in binary (a doubling), so the limit is exact.
  it.each([
    ['at the limit exactly: fired', 0.826, 2],
    ['1e-9 mm inside the limit: refused by the bridge rule', 0.826 - 1e-9, 1],
    ['1e-9 mm beyond it: fired', 0.826 + 1e-9, 2],
  ])('two planned cores %s', (_, distanceMm, fired) => {
    const { guard, step } = placeOnce(
      handPlan([
        {
          id: 'z',
          polygon: zone,
          cores: [
            [0, 0],
            [distanceMm, 0],
          ],
        },
      ]),
      0,
      0,
    );
    expect(step.decision?.fire.length).toBe(fired);
    if (fired === 1) {
      expect(step.decision?.refused).toEqual([
        { zone: 'z', xMm: distanceMm, yMm: 0, planned: true, reason: 'bridge' },
      ]);
      expect(step.alarms.map((a) => a.code)).toContain('core.overlap-refused');
      expect(step.state.refusedPlanned).toEqual([[1]]);
    }
    checkInvariants(guard, step.state);
  });

  it('refuses a core not wholly inside its zone, and one touching an exclusion', () => {
    const r = 0.413 / 2;
    const { step } = placeOnce(
      handPlan([
        {
          id: 'z',
          polygon: zone,
          exclusions: [square(2, 2, 1)],
          // inside by less than a radius; touching the exclusion's edge; clear of both
          cores: [
            [-20 + r * 0.9, 0],
            [2 - r * 0.9, 2.5],
            [-3, -3],
          ],
        },
      ]),
      -16,
      -1,
    );
    // The field at (-16, -1) covers only the first core; a second field covers the others.
    expect(step.decision?.refused.map((c) => c.reason)).toEqual(['outside-zone']);
    const plan = handPlan([
      {
        id: 'z',
        polygon: zone,
        exclusions: [square(2, 2, 1)],
        cores: [
          [2 - r * 0.9, 2.5],
          [-3, -3],
        ],
      },
    ]);
    const second = placeOnce(plan, 0, 0).step;
    expect(second.decision?.refused.map((c) => c.reason)).toEqual(['in-exclusion']);
    expect(second.decision?.fire.map((c) => [c.xMm, c.yMm])).toEqual([[-3, -3]]);
  });

  // A 9 × 8 lattice 1 mm apart (72 cores) fits in one 10 × 10 mm window: 59 cores remove
  // 59 × 0.13397 = 7.90 mm² of its 100 mm² (≤ 8 %), a 60th 8.04 % (> 8 %).
  const lattice = Array.from({ length: 72 }, (_, k): [number, number] => [
    0.5 + (k % 9),
    0.5 + Math.floor(k / 9),
  ]);
  it('stops a zone at its coverage ceiling: 59 of 72 cores in 100 mm²', () => {
    expect((59 * CORE_AREA_MM2) / 100).toBeLessThanOrEqual(0.08);
    expect((60 * CORE_AREA_MM2) / 100).toBeGreaterThan(0.08);
    const { guard, step } = placeOnce(
      handPlan([{ id: 'small', polygon: square(0, 0, 10), cores: lattice }]),
      5,
      5,
    );
    expect(step.decision?.fire.length).toBe(59);
    expect(step.decision?.refused.map((c) => c.reason)).toEqual(Array(13).fill('zone-ceiling'));
    checkInvariants(guard, step.state);
  });

  it('stops a square centimetre at the density ceiling: the same 59 of 72, in a large zone', () => {
    const { guard, step } = placeOnce(
      handPlan([{ id: 'large', polygon: zone, cores: lattice }]),
      5,
      5,
    );
    expect(step.decision?.fire.length).toBe(59);
    expect(step.decision?.fire.map((c) => [c.xMm, c.yMm])).toEqual(lattice.slice(0, 59));
    expect(step.decision?.refused.map((c) => c.reason)).toEqual(Array(13).fill('window-ceiling'));
    checkInvariants(guard, step.state);
  });

  it('fires only the planned cores under the (turned) field', () => {
    // A field turned 45° about (0, 0) reaches 5√2 ≈ 7.07 mm along the axes, 5 mm diagonally.
    const cores: [number, number][] = [
      [6.9, 0],
      [0, -7.2],
      [4, 4],
      [3.4, 3.4],
    ];
    const plan = handPlan([{ id: 'z', polygon: zone, cores }]);
    const { step } = placeOnce(plan, 0, 0, Math.PI / 4);
    expect(step.decision?.fire.map((c) => [c.xMm, c.yMm])).toEqual([
      [6.9, 0],
      [3.4, 3.4],
    ]);
  });

  it('lays a fresh pattern at the planned density where the field is off the plan', () => {
    // 120 planned cores, all in the left half of a 1,600 mm² zone: 0.075 cores a mm², so a
    // field of 100 mm² in the empty right half, turned, calls for round(7.5) = 8 fresh cores.
    const cores = Array.from({ length: 120 }, (_, k): [number, number] => [
      -19 + 1.5 * (k % 12),
      -15 + 1.5 * Math.floor(k / 12),
    ]);
    const { guard, step } = placeOnce(handPlan([{ id: 'z', polygon: zone, cores }]), 10, 0, 0.5);
    expect(step.decision?.farFromPlan).toBe(true);
    expect(step.alarms.map((a) => a.code)).toContain('field.far-from-plan');
    const fire = step.decision?.fire ?? [];
    expect(fire.every((c) => !c.planned)).toBe(true);
    expect(fire.length).toBeGreaterThanOrEqual(6);
    expect(fire.length).toBeLessThanOrEqual(8);
    checkInvariants(guard, step.state);
  });

  it('adds no fresh cores where a turned field lies on planned ones (the density is there)', () => {
    const plan = planTreatment({ zones: ['submental'] });
    const guard = new DeliveryGuard(plan);
    const aim = guard.plannedFields[Math.floor(guard.plannedFields.length / 2)];
    const step = accepted(
      guard.apply(guard.start(), {
        type: 'placed',
        seq: 1,
        pose: { xMm: aim.xMm, yMm: aim.yMm, rotationRad: 0.5 },
      }),
    );
    expect(step.decision?.farFromPlan).toBe(true);
    // The planned cores under it are at least the zone's density over the field's area.
    const density = plan.zones[0].coreCount / plan.zones[0].areaMm2;
    const fire = step.decision?.fire ?? [];
    expect(fire.length).toBeGreaterThanOrEqual(Math.round(density * 100));
    expect(fire.every((c) => c.planned)).toBe(true);
    checkInvariants(guard, step.state);
  });

  it('suggests the first planned field, then the next unfinished one in raster order', () => {
    const plan = planTreatment({ zones: ['submental'] });
    const guard = new DeliveryGuard(plan);
    let state = guard.start();
    expect(state.nextField?.index).toBe(0);
    const f0 = guard.plannedFields[0];
    const step = accepted(
      guard.apply(state, {
        type: 'placed',
        seq: 1,
        pose: { xMm: f0.xMm, yMm: f0.yMm, rotationRad: 0 },
      }),
    );
    state = step.state;
    expect(step.decision?.fire.length).toBe(f0.cores.length);
    expect(state.nextField?.index).toBe(1);
  });
});

describe('events the guard refuses (the state unchanged)', () => {
  const plan = handPlan([
    {
      id: 'z',
      polygon: square(-20, -20, 40),
      cores: [
        [0, 0],
        [2, 0],
        [15, 15],
      ],
    },
  ]);
  const guard = new DeliveryGuard(plan);
  const start = guard.start();
  const placed = accepted(
    guard.apply(start, {
      type: 'placed',
      seq: 1,
      atS: 10,
      pose: { xMm: 0, yMm: 0, rotationRad: 0 },
    }),
  );
  const s1 = placed.state;

  const refusals: [string, DeliveryState, unknown, string, string?][] = [
    ['a repeated seq', s1, { type: 'pause', seq: 1 }, 'event.repeated', 'seq'],
    ['a gap', s1, { type: 'pause', seq: 3 }, 'event.gap', 'seq'],
    ['no object', s1, 'placed', 'event.malformed', 'event'],
    ['an unknown type', s1, { type: 'teleport', seq: 2 }, 'event.malformed', 'type'],
    ['a seq that is not whole', s1, { type: 'pause', seq: 1.5 }, 'event.malformed', 'seq'],
    ['a negative time', s1, { type: 'pause', seq: 2, atS: -1 }, 'event.malformed', 'atS'],
    [
      'a pose with NaN',
      s1,
      { type: 'placed', seq: 2, pose: { xMm: Number.NaN, yMm: 0, rotationRad: 0 } },
      'event.malformed',
      'pose.xMm',
    ],
    [
      'a pose without rotation',
      s1,
      { type: 'placed', seq: 2, pose: { xMm: 0, yMm: 0 } },
      'event.malformed',
      'pose.rotationRad',
    ],
    [
      'a placement while cores await their outcome',
      s1,
      { type: 'placed', seq: 2, pose: { xMm: 0, yMm: 0, rotationRad: 0 } },
      'field.outcomes-pending',
    ],
    [
      'an outcome for a core never fired',
      s1,
      { type: 'extracted', seq: 2, coreId: 7 },
      'core.not-pending',
      'coreId',
    ],
    [
      'a core id that is not whole',
      s1,
      { type: 'extracted', seq: 2, coreId: -1 },
      'event.malformed',
      'coreId',
    ],
    ['resume when not paused', s1, { type: 'resume', seq: 2 }, 'session.not-paused'],
  ];
  it.each(refusals)('%s', (_, state, event, code, field) => {
    const step = guard.apply(state, event);
    expect(step.ok).toBe(false);
    if (step.ok) return;
    expect(step.refusal.code).toBe(code);
    if (field) expect(step.refusal.field).toBe(field);
    expect(step.refusal.expectedSeq).toBe(state.lastSeq + 1);
    expect(step.refusal.message.length).toBeGreaterThan(10);
    expect(step.state).toBe(state);
  });

  it('an outcome reported twice, a placement while paused, anything after the end', () => {
    const a = accepted(guard.apply(s1, { type: 'extracted', seq: 2, coreId: 0 })).state;
    const twice = guard.apply(a, { type: 'notExtracted', seq: 3, coreId: 0 });
    expect(!twice.ok && twice.refusal.code).toBe('core.not-pending');
    const b = accepted(guard.apply(a, { type: 'notExtracted', seq: 3, coreId: 1, atS: 12 })).state;
    expect(b.zones[0]).toMatchObject({ extracted: 1, failed: 1, pending: 0 });
    const paused = accepted(guard.apply(b, { type: 'pause', seq: 4, atS: 20 })).state;
    const whilePaused = guard.apply(paused, {
      type: 'placed',
      seq: 5,
      pose: { xMm: 15, yMm: 15, rotationRad: 0 },
    });
    expect(!whilePaused.ok && whilePaused.refusal.code).toBe('session.paused');
    const resumed = accepted(guard.apply(paused, { type: 'resume', seq: 5, atS: 80 })).state;
    expect(resumed.pausedS).toBe(60);
    const ended = accepted(guard.apply(resumed, { type: 'end', seq: 6, atS: 90 })).state;
    expect(ended).toMatchObject({ status: 'ended', firstAtS: 10, lastAtS: 90, nextField: null });
    const after = guard.apply(ended, { type: 'resume', seq: 7 });
    expect(!after.ok && after.refusal.code).toBe('session.ended');
  });

  it('cores still pending at the end are kept as unreported', () => {
    const ended = accepted(guard.apply(s1, { type: 'end', seq: 2 })).state;
    expect(ended.zones[0]).toMatchObject({ pending: 0, unreported: 2 });
    expect(deliveredCores(ended).map((c) => c.outcome)).toEqual(['unreported', 'unreported']);
    checkInvariants(guard, ended);
  });

  it('refuses a state of another plan, and a mangled one', () => {
    const other = new DeliveryGuard(
      handPlan([{ id: 'z', polygon: square(-20, -20, 40), cores: [[0, 0]] }]),
    );
    const step = other.apply(s1, { type: 'pause', seq: 2 });
    expect(!step.ok && step.refusal.code).toBe('state.invalid');
    const mangled = JSON.parse(JSON.stringify(s1));
    mangled.cores[0][0].zone = 9;
    const bad = new DeliveryGuard(plan).apply(mangled, { type: 'pause', seq: 2 });
    expect(!bad.ok && bad.refusal.message).toMatch(/core 0 is malformed/);
  });

  it('refuses a plan it cannot deliver, naming the field', () => {
    const tries: [unknown, string][] = [
      [{ ...plan, kind: 'other' }, 'kind'],
      [{ ...plan, bridgeMinMm: 0.1 }, 'bridgeMm'],
      [{ ...plan, needle: { gauge: '21G', coreDiameterMm: 0.514 } }, 'needle'],
      [{ ...plan, zones: [{ ...plan.zones[0], cores: [[0, Number.NaN]] }] }, 'zones[0].cores[0]'],
      [{ ...plan, zones: [plan.zones[0], plan.zones[0]] }, 'zones'],
    ];
    for (const [bad, field] of tries) {
      let error: unknown;
      try {
        new DeliveryGuard(bad);
      } catch (e) {
        error = e;
      }
      expect(isMicrocoreError(error) && error.code).toBe('delivery.invalid-plan');
      expect(isMicrocoreError(error) && error.field).toBe(field);
    }
  });
});
