import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createPlanner,
  DEFAULT_HANDPIECE,
  DEFAULT_TEMPLATE,
  type Plan,
  type PlanInput,
  type Planner,
  planTreatment,
} from '../src/index.js';

const ALL = DEFAULT_TEMPLATE.zones.map((z) => z.id);

/** The plan as JSON, or the refusal's code, field and message: what a caller can see. */
function outcome(plan: () => Plan): string {
  try {
    return JSON.stringify(plan());
  } catch (error) {
    const { code, field, message } = error as { code?: string; field?: string; message: string };
    return JSON.stringify({ refused: code, field, message });
  }
}

/**
 * Inputs from a small space, so that a sequence repeats zones (the memo's hits) as well as
 * changing them: the zones, one zone's coverage (the slider), the needle, the bridge, the
 * pattern, the seed, the mode, an exclusion over two zones, a scaled face, another handpiece.
 * Some are refused (27G at 8 % over the window ceiling, 3 % in clinical mode).
 */
const fields = {
  // Submental always, so that its own coverage (the slider) is never refused.
  zones: fc.subarray(ALL).map((zones) => [...new Set(['submental', ...zones])]),
  needle: fc.constantFrom('22G', '25G', '27G'),
  coverageFraction: fc.constantFrom(0.04, 0.05, 0.06, 0.08, 0.03),
  zoneCoverageFraction: fc.constantFrom({ submental: 0.041 }, { submental: 0.05 }),
  bridgeMm: fc.constantFrom(0.5, 0.6),
  pattern: fc.constantFrom('blue-noise' as const, 'fields' as const),
  seed: fc.constantFrom(1, 2),
  mode: fc.constantFrom('clinical' as const, 'research' as const),
  exclusions: fc.constant([
    [
      [-12, -40],
      [12, -40],
      [12, -30],
      [-12, -30],
    ] as const,
  ]),
  scale: fc.constant({ x: 1.05, y: 0.95 }),
  handpiece: fc.constant({ ...DEFAULT_HANDPIECE, fieldSideMm: 8 }),
};
const inputs: fc.Arbitrary<PlanInput> = fc.record(fields, { requiredKeys: ['zones'] });
/** A change of one setting, as a screen makes; most often the coverage, as the sliders do. */
const changes: fc.Arbitrary<Partial<PlanInput>> = fc.oneof(
  { arbitrary: fields.zoneCoverageFraction.map((v) => ({ zoneCoverageFraction: v })), weight: 3 },
  { arbitrary: fields.coverageFraction.map((v) => ({ coverageFraction: v })), weight: 3 },
  ...Object.entries(fields).map(([key, values]) => ({
    arbitrary: (values as fc.Arbitrary<unknown>).map((v) => ({ [key]: v })),
    weight: 1,
  })),
);
/** A first input, then each the one before with a change. */
const sequences: fc.Arbitrary<PlanInput[]> = fc
  .tuple(inputs, fc.array(changes, { minLength: 1, maxLength: 3 }))
  .map(([first, rest]) => {
    const sequence = [first];
    for (const change of rest) sequence.push({ ...sequence[sequence.length - 1], ...change });
    return sequence;
  });

describe('createPlanner: planTreatment that re-places only the zones whose inputs changed', () => {
  it('gives exactly what planTreatment gives, plan or refusal, over any sequence of inputs', () => {
    fc.assert(
      fc.property(sequences, fc.constantFrom(1, 3, 16), (sequence, maxZones) => {
        const planner = createPlanner({ maxZones });
        for (const input of sequence) {
          const same = outcome(() => planner.plan(input)) === outcome(() => planTreatment(input));
          expect(same, JSON.stringify(input)).toBe(true);
        }
      }),
      { numRuns: 10 },
    );
  });

  it("notices a change of any one setting a zone's plan depends on", () => {
    const moved = {
      ...DEFAULT_TEMPLATE,
      zones: DEFAULT_TEMPLATE.zones.map((zone) =>
        zone.id === 'submental'
          ? { ...zone, polygon: zone.polygon.map(([x, y]) => [x + 0.5, y] as const) }
          : zone,
      ),
    };
    const relabelled = {
      ...DEFAULT_TEMPLATE,
      zones: DEFAULT_TEMPLATE.zones.map((zone) => ({ ...zone, label: `${zone.label}!` })),
    };
    const base: PlanInput = { zones: ['submental', 'perioral-left'], coverageFraction: 0.05 };
    const oneChange: PlanInput[] = [
      { needle: '25G' },
      { coverageFraction: 0.06 },
      { zoneCoverageFraction: { submental: 0.051 } },
      { bridgeMm: 0.6 },
      { pattern: 'fields' },
      { seed: 2 },
      { mode: 'research' },
      {
        exclusions: [
          [
            [-5, -40],
            [5, -40],
            [5, -30],
            [-5, -30],
          ],
        ],
      },
      { scale: { x: 1.05, y: 0.95 } },
      { handpiece: { ...DEFAULT_HANDPIECE, fieldSideMm: 8 } },
      { template: moved },
      { template: relabelled },
    ];
    const planner = createPlanner();
    for (const change of oneChange) {
      for (const input of [base, { ...base, ...change }]) {
        const same = outcome(() => planner.plan(input)) === outcome(() => planTreatment(input));
        expect(same, JSON.stringify(change)).toBe(true);
      }
    }
  });

  it('gives what planTreatment gives while the slider steps one zone up and down', () => {
    const planner = createPlanner();
    for (const submental of [0.04, 0.041, 0.042, 0.041, 0.04, 0.08, 0.081]) {
      const input: PlanInput = { zones: ALL, zoneCoverageFraction: { submental } };
      const same = outcome(() => planner.plan(input)) === outcome(() => planTreatment(input));
      expect(same, JSON.stringify(input)).toBe(true);
    }
  });

  it('places again only the zone whose coverage changed', () => {
    const planner = createPlanner();
    const before = planner.plan({ zones: ALL, zoneCoverageFraction: { submental: 0.05 } });
    const after = planner.plan({ zones: ALL, zoneCoverageFraction: { submental: 0.051 } });
    for (const [z, zone] of after.zones.entries()) {
      if (zone.id === 'submental') expect(zone.cores).not.toBe(before.zones[z].cores);
      else expect(zone.cores).toBe(before.zones[z].cores);
    }
  });

  it('forgets the least recently used zones beyond its bounds', () => {
    const cores = (planner: Planner, zones: string[]) =>
      planner.plan({ zones }).zones.map((z) => z.cores);
    const small = createPlanner({ maxZones: 2 });
    const [cheek] = cores(small, ['cheek-left']);
    cores(small, ['submental', 'jawline-left']); // the cheek is now the third most recent
    expect(cores(small, ['cheek-left'])[0]).not.toBe(cheek);
    expect(cores(small, ['cheek-left'])[0]).toStrictEqual(cheek);

    const fewCores = createPlanner({ maxCores: 10 }); // no zone fits: nothing is kept
    const [first] = cores(fewCores, ['submental']);
    expect(cores(fewCores, ['submental'])[0]).not.toBe(first);
  });

  it("keeps its own copy of a zone's outline: a caller's template changed in place later changes nothing", () => {
    const template = structuredClone(DEFAULT_TEMPLATE);
    const planner = createPlanner();
    const input = { template, zones: ['submental'] };
    const first = outcome(() => planner.plan(input));
    // The caller moves a vertex of its own template, then plans the original outline again.
    (template.zones.find((z) => z.id === 'submental')?.polygon[0] as unknown as number[])[0] += 5;
    const again = outcome(() => planner.plan({ zones: ['submental'] }));
    expect(again).toBe(first);
    expect(again).toBe(outcome(() => planTreatment({ zones: ['submental'] })));
  });

  it('refuses a handpiece with a figure that is not a positive finite number, as planTreatment does', () => {
    const planner = createPlanner();
    for (const [name, value] of [
      ['fieldSideMm', Number.NaN],
      ['fieldSideMm', Number.POSITIVE_INFINITY],
      ['fieldSideMm', 0],
      ['needleCount', 2.5],
      ['secondsPerField', -1],
      ['repositionSecondsPerField', -0.5],
    ] as const) {
      const input = { zones: ['submental'], handpiece: { ...DEFAULT_HANDPIECE, [name]: value } };
      const refusal = outcome(() => planner.plan(input));
      expect(refusal, `${name} ${value}`).toContain(`"field":"handpiece.${name}"`);
      expect(refusal).toBe(outcome(() => planTreatment(input)));
    }
    // No time to lift and place the handpiece is a setting, not an error.
    const instant = { ...DEFAULT_HANDPIECE, repositionSecondsPerField: 0 };
    expect(outcome(() => planner.plan({ zones: ['submental'], handpiece: instant }))).not.toContain(
      'refused',
    );
  });
});
