import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  geometry,
  MAX_EXCLUSIONS,
  type Plan,
  type PointMm,
  parseTemplate,
  planTreatment,
  type RingMm,
} from '../src/index.js';

/** A regular n-gon around (cx, cy) with circumradius r, counter-clockwise. */
function polygonAround(cx: number, cy: number, r: number, n = 24, turn = 0): RingMm {
  const ring: PointMm[] = [];
  for (let k = 0; k < n; k++) {
    const angle = turn + (2 * Math.PI * k) / n;
    ring.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
  }
  return ring;
}

function zoneArea(id: string): number {
  const zone = DEFAULT_TEMPLATE.zones.find((z) => z.id === id);
  if (!zone) throw new Error(id);
  return geometry.areaMm2(zone.polygon);
}

/** No core of the plan has its centre inside an exclusion or closer than a radius to its edge. */
function expectClear(plan: Plan, exclusions: readonly RingMm[]): void {
  const radiusMm = plan.needle.coreDiameterMm / 2;
  for (const zone of plan.zones) {
    for (const [x, y] of zone.cores) {
      for (const exclusion of exclusions) {
        expect(geometry.containsPoint(exclusion, x, y)).toBe(false);
        expect(geometry.distanceToBoundaryMm(exclusion, x, y)).toBeGreaterThanOrEqual(radiusMm);
      }
    }
  }
}

const refusal = (exclusions: unknown) => {
  try {
    planTreatment({ exclusions: exclusions as RingMm[], zones: ['cheek-left'] });
  } catch (error) {
    return error as { code: string; field?: string; message: string };
  }
  return undefined;
};

describe("the plan's exclusions (a mole, a scar, a filler site)", () => {
  it('take their area off the zone, exactly, and keep every core off them', () => {
    const mole = polygonAround(70, 70, 4);
    const plan = planTreatment({ zones: ['cheek-left'], seed: 5, exclusions: [mole] });
    // The 24-gon's area: (n/2) r² sin(2π/n).
    const moleArea = 12 * 16 * Math.sin(Math.PI / 12);
    expect(plan.zones[0].areaMm2).toBeCloseTo(zoneArea('cheek-left') - moleArea, 2);
    expect(plan.zones[0].exclusions).toHaveLength(1);
    expectClear(plan, [mole]);
    // The same count rule as without: round(coverage × treatable area / core area).
    expect(plan.zones[0].coreCount).toBe(
      Math.round((0.06 * (zoneArea('cheek-left') - moleArea)) / plan.needle.coreAreaMm2),
    );
  });

  it('reach over a zone border: each zone loses its own part, and no core comes near', () => {
    // Centred on the shared edge of the cheek and the jawline, (66, 28.6).
    const scar: RingMm = [
      [56, 24],
      [78, 26],
      [77, 33],
      [55, 31],
    ];
    const zones = ['cheek-left', 'jawline-left'];
    const plain = planTreatment({ zones, seed: 2 });
    const plan = planTreatment({ zones, seed: 2, exclusions: [scar] });
    const lost = plain.zones.map((z, i) => z.areaMm2 - plan.zones[i].areaMm2);
    expect(lost[0]).toBeGreaterThan(1);
    expect(lost[1]).toBeGreaterThan(1);
    expect(lost[0] + lost[1]).toBeCloseTo(geometry.areaMm2(scar), 1);
    expectClear(plan, [scar]);
  });

  it('keep cores off any exclusion, in both patterns (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -120, max: 120, noNaN: true }),
        fc.double({ min: -50, max: 110, noNaN: true }),
        fc.double({ min: 1, max: 15, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        fc.constantFrom('blue-noise' as const, 'fields' as const),
        fc.nat(1000),
        (cx, cy, r, n, pattern, seed) => {
          const exclusion = polygonAround(cx, cy, r, n, seed / 100);
          const plan = planTreatment({ pattern, seed, exclusions: [exclusion] });
          expectClear(plan, [exclusion]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('change nothing when they lie outside every planned zone, and plan the same twice', () => {
    const far = polygonAround(-300, 300, 5);
    const inCheek = polygonAround(70, 70, 4);
    expect(planTreatment({ zones: ['submental'], seed: 4, exclusions: [far, inCheek] })).toEqual(
      planTreatment({ zones: ['submental'], seed: 4 }),
    );
    const once = JSON.stringify(planTreatment({ seed: 4, exclusions: [inCheek] }));
    expect(JSON.stringify(planTreatment({ seed: 4, exclusions: [inCheek] }))).toBe(once);
  });

  it('leave a zone they cover whole with no cores and a warning, not a failure', () => {
    const cover: RingMm = [
      [-60, -70],
      [60, -70],
      [60, 10],
      [-60, 10],
    ];
    for (const pattern of ['blue-noise', 'fields'] as const) {
      const plan = planTreatment({ zones: ['submental'], pattern, exclusions: [cover] });
      expect(plan.zones[0].coreCount).toBe(0);
      expect(plan.zones[0].areaMm2).toBe(0);
      expect(plan.zones[0].coverageFraction).toBe(0);
      expect(plan.totals.coverageFraction).toBe(0);
      expect(plan.warnings).toContainEqual(
        expect.objectContaining({ code: 'zone.fully-excluded', zone: 'submental' }),
      );
    }
  });

  it('are refused, naming the exclusion, when they overlap, are concave, cross themselves or are malformed', () => {
    const a = polygonAround(70, 70, 4);
    const b = polygonAround(75, 70, 4);
    expect(refusal([a, b])).toMatchObject({ code: 'exclusion.invalid', field: 'exclusions[1]' });
    expect(refusal([a, b])?.message).toMatch(/overlaps exclusion 1/);
    // Touching along an edge is not overlapping.
    const left: RingMm = [
      [60, 60],
      [65, 60],
      [65, 65],
      [60, 65],
    ];
    const right: RingMm = [
      [65, 60],
      [70, 60],
      [70, 65],
      [65, 65],
    ];
    expect(refusal([left, right])).toBeUndefined();
    const dart: RingMm = [
      [60, 60],
      [70, 60],
      [65, 62],
      [65, 70],
    ];
    expect(refusal([a, dart])).toMatchObject({ field: 'exclusions[1]' });
    expect(refusal([a, dart])?.message).toMatch(/not convex/);
    const bowTie: RingMm = [
      [60, 60],
      [70, 70],
      [70, 60],
      [60, 70],
    ];
    expect(refusal([bowTie])?.message).toMatch(/crosses itself/);
    expect(
      refusal([
        [
          [60, 60],
          [70, 60],
        ],
      ]),
    ).toMatchObject({ field: 'exclusions[0]' });
    expect(
      refusal([
        [
          [60, 60],
          [70, Number.NaN],
          [70, 70],
        ],
      ]),
    ).toMatchObject({ field: 'exclusions[0][1]' });
    expect(refusal('mole')).toMatchObject({ field: 'exclusions' });
    const many = Array.from({ length: MAX_EXCLUSIONS + 1 }, (_, k) =>
      polygonAround(-500 + 10 * k, 500, 1, 4),
    );
    expect(refusal(many)?.message).toMatch(/more than the 50/);
  });

  it("are refused where they overlap a template's own exclusion", () => {
    const template = parseTemplate({
      exclusions: {
        'cheek-left': [
          [
            [60, 60],
            [70, 60],
            [70, 68],
            [60, 68],
          ],
        ],
      },
    });
    expect(() =>
      planTreatment({ template, zones: ['cheek-left'], exclusions: [polygonAround(70, 64, 3)] }),
    ).toThrow(expect.objectContaining({ code: 'exclusion.invalid', field: 'exclusions[0]' }));
  });
});
