import { DEFAULT_TEMPLATE, type PlanInput, planTreatment } from '@microcore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePlanCores,
  encodePlanCores,
  joinStoredPlan,
  PlanCoresError,
  toStoredPlanForm,
} from '../src/records/planCores.js';

/** The planner's own rounding of a coordinate (core plan/planner.ts): 4 decimals, 0.1 µm. */
const planned = (mm: number) => Number(mm.toFixed(4));

const ZONES = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

/** A stored plan read back: its head parsed from JSON, as the database gives it. */
const roundTrip = (plan: ReturnType<typeof planTreatment>) => {
  const stored = toStoredPlanForm(plan);
  return joinStoredPlan(JSON.parse(stored.headJson), Buffer.from(stored.coresBase64, 'base64'));
};

describe('the stored form of a plan (format 1)', () => {
  it('lays the bytes out as documented: format, zones, then per zone its count and int32 pairs', () => {
    const bytes = encodePlanCores([[[1.5, -0.0001]], [], [[214748.3647, -214748.3648]]]);
    expect(Buffer.from(bytes).toString('hex')).toBe(
      [
        '01', // format 1
        '00000003', // three zones
        '00000001', // zone 0: one core
        '00003a98', // 1.5 mm = 15000 units
        'ffffffff', // -0.0001 mm = -1 unit
        '00000000', // zone 1: no core
        '00000001', // zone 2: one core, at the ends of int32
        '7fffffff',
        '80000000',
      ].join(''),
    );
    expect(decodePlanCores(bytes)).toEqual([[[1.5, -0.0001]], [], [[214748.3647, -214748.3648]]]);
  });

  it('gives back every coordinate the planner can round to, exactly (===)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.tuple(
              fc.double({ min: -300, max: 300, noNaN: true }),
              fc.double({ min: -300, max: 300, noNaN: true }),
            ),
            { maxLength: 20 },
          ),
          { maxLength: 5 },
        ),
        (raw) => {
          const zones = raw.map((zone) =>
            zone.map(([x, y]) => [planned(x), planned(y)] as [number, number]),
          );
          const back = decodePlanCores(encodePlanCores(zones));
          expect(back.length).toBe(zones.length);
          zones.forEach((zone, z) => {
            expect(back[z]?.length).toBe(zone.length);
            zone.forEach(([x, y], c) => {
              expect(back[z]?.[c]?.[0] === x && back[z]?.[c]?.[1] === y).toBe(true);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives back every whole number of 1e-4 mm in int32, exactly', () => {
    const units = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    fc.assert(
      fc.property(units, units, (xUnits, yUnits) => {
        // The decimal text of the value, as JSON holds it, parsed: the nearest double to it.
        const x = Number(`${xUnits}e-4`);
        const y = Number(`${yUnits}e-4`);
        const [[core]] = decodePlanCores(encodePlanCores([[[x, y]]])) as [[number, number][]];
        expect(core?.[0] === x && core?.[1] === y).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rebuilds the same plan value for plans of several zones, needles, coverages and modes', () => {
    const clinical = fc.record({
      mode: fc.constant<'clinical'>('clinical'),
      zones: fc.subarray(ZONES, { minLength: 1, maxLength: 2 }),
      needle: fc.constantFrom('22G', '23G', '25G', '27G'),
      // Up to 6 %: above it clinical mode may refuse the plan (its densest square centimetre).
      coverageFraction: fc.double({ min: 0.04, max: 0.06, noNaN: true }),
      pattern: fc.constantFrom<'blue-noise' | 'fields'>('blue-noise', 'fields'),
      seed: fc.nat({ max: 1_000_000 }),
    });
    const research = fc.record({
      mode: fc.constant<'research'>('research'),
      zones: fc.subarray(['submental', 'jawline-left', 'perioral-right'], {
        minLength: 1,
        maxLength: 1,
      }),
      needle: fc.constantFrom('22G', '27G'),
      coverageFraction: fc.double({ min: 0.01, max: 0.25, noNaN: true }),
      bridgeMm: fc.constantFrom(0.05, 0.1, 0.3),
      pattern: fc.constantFrom<'blue-noise' | 'fields'>('blue-noise', 'fields'),
      seed: fc.nat({ max: 1_000_000 }),
    });
    fc.assert(
      fc.property(fc.oneof(clinical, research), (input: PlanInput) => {
        const plan = planTreatment(input);
        for (const zone of plan.zones) expect(zone.coreCount).toBe(zone.cores.length);
        // What the API answers is the plan as JSON; what the database gives back must equal it.
        expect(roundTrip(plan)).toEqual(JSON.parse(JSON.stringify(plan)));
      }),
      { numRuns: 12 },
    );
  });

  it('keeps no cores in the head: they are all in the bytes', () => {
    const plan = planTreatment({ zones: ['submental', 'cheek-left'], seed: 3 });
    const stored = toStoredPlanForm(plan);
    const head = JSON.parse(stored.headJson);
    expect(head.zones.map((z: Record<string, unknown>) => 'cores' in z)).toEqual([false, false]);
    expect(head.totals).toEqual(plan.totals);
    const cores = plan.zones.reduce((sum, zone) => sum + zone.cores.length, 0);
    expect(Buffer.from(stored.coresBase64, 'base64').byteLength).toBe(1 + 4 + 4 * 2 + 8 * cores);
  });

  describe('refuses rather than rounds', () => {
    const offGrid: [string, number][] = [
      ['five decimals', 1.23456],
      ['half a unit', 0.00005],
      ['binary noise', 0.1 + 0.2],
      ['beyond int32', 214748.3648],
      ['below int32', -214748.3649],
      ['not a number', Number.NaN],
      ['infinite', Number.POSITIVE_INFINITY],
    ];
    for (const [what, mm] of offGrid) {
      it(`a coordinate off the 1e-4 mm grid or out of range (${what})`, () => {
        expect(() => encodePlanCores([[[0, 0]], [[1, mm]]])).toThrow(PlanCoresError);
        expect(() => encodePlanCores([[[0, 0]], [[1, mm]]])).toThrow(
          `zone 1, core 0: ${mm} mm is not a whole number of 1e-4 mm`,
        );
      });
    }

    it('a plan whose planner gave an off-grid coordinate is not stored', () => {
      const plan = planTreatment({ zones: ['submental'], seed: 5 });
      const zone = plan.zones[0];
      if (!zone) throw new Error('no zone');
      const broken = { ...plan, zones: [{ ...zone, cores: [...zone.cores, [1.00001, 2]] }] };
      expect(() => toStoredPlanForm(broken as typeof plan)).toThrow(PlanCoresError);
    });

    it('bytes of another format, cut short or with bytes left over', () => {
      const bytes = encodePlanCores([[[1, 2]]]);
      const other = Uint8Array.from(bytes);
      other[0] = 2;
      expect(() => decodePlanCores(other)).toThrow('format 2, this server reads only 1');
      expect(() => decodePlanCores(bytes.subarray(0, bytes.length - 1))).toThrow('cut short');
      expect(() => decodePlanCores(new Uint8Array([1, 0, 0]))).toThrow('shorter than a header');
      expect(() => decodePlanCores(Uint8Array.from([...bytes, 0]))).toThrow('1 bytes after');
    });

    it('a head and cores that do not belong together', () => {
      const plan = planTreatment({ zones: ['submental', 'cheek-left'], seed: 3 });
      const stored = toStoredPlanForm(plan);
      const head = JSON.parse(stored.headJson);
      const fewer = encodePlanCores(plan.zones.slice(0, 1).map((z) => z.cores));
      expect(() => joinStoredPlan(head, fewer)).toThrow('2 zones in the head, 1 in the cores');
      const short = encodePlanCores(
        plan.zones.map((z, i) => (i === 1 ? z.cores.slice(1) : z.cores)),
      );
      expect(() => joinStoredPlan(head, short)).toThrow(/zone 1 has coreCount \d+ and \d+ stored/);
    });
  });
});
