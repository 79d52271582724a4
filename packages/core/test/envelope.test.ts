import { describe, expect, it } from 'vitest';
import {
  checkBridge,
  checkCoreDiameter,
  checkCoverage,
  ENVELOPE,
  NEEDLES,
  needleByGauge,
  parseTemplate,
  planTreatment,
} from '../src/index.js';

describe('safety envelope: every limit, tried from both sides', () => {
  it('refuses a core at or above the 0.5 mm scar threshold', () => {
    expect(ENVELOPE.scar.refuseCoreDiameterMm).toBe(0.5);
    expect(() => checkCoreDiameter(0.5, 'test')).toThrow(
      expect.objectContaining({ code: 'needle.core-at-or-above-scar-threshold' }),
    );
    expect(() => checkCoreDiameter(0.514, '21G')).toThrow(/scar threshold; choose 22G or finer/);
    expect(() => planTreatment({ needle: '21G' })).toThrow(
      expect.objectContaining({ field: 'needle' }),
    );
    expect(() => planTreatment({ needle: '19G' })).toThrow(/0\.686 mm/);
  });

  it('compares the largest core the needle may cut (nominal + the bore tolerance) and says so', () => {
    expect(ENVELOPE.scar.boreToleranceMm).toBe(0.02);
    // 0.485 mm nominal is below 0.5 mm, but may be 0.505 mm: refused, naming the tolerance.
    expect(() => checkCoreDiameter(0.485, 'test')).toThrow(
      expect.objectContaining({ code: 'needle.core-at-or-above-scar-threshold' }),
    );
    expect(() => checkCoreDiameter(0.48, 'test')).toThrow(
      /up to 0\.5 mm with the needle's manufacturing tolerance \(\+0\.02 mm/,
    );
    expect(checkCoreDiameter(0.4799, 'test')).toHaveLength(1);
  });

  it('allows 0.4–0.5 mm (with the tolerance) with a warning, and finer cores without one', () => {
    expect(checkCoreDiameter(0.38, 'test')[0].code).toBe('needle.core-near-scar-threshold');
    expect(checkCoreDiameter(0.38, 'test')[0].message).toMatch(
      /up to 0\.4 mm with the needle's manufacturing tolerance/,
    );
    expect(checkCoreDiameter(0.3799, 'test')).toEqual([]);
    expect(planTreatment({ zones: ['submental'] }).warnings.map((w) => w.code)).toContain(
      'needle.core-near-scar-threshold',
    );
    expect(planTreatment({ zones: ['submental'], needle: '23G' }).warnings).toEqual([]);
  });

  it('refuses, in clinical mode, a plan whose densest square centimetre may lose more than 8 %, naming where', () => {
    expect(ENVELOPE.window.sideMm).toBe(10);
    let refusal: unknown;
    try {
      planTreatment({ zones: ['submental'], coverageFraction: 0.08, seed: 2 });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'coverage.window-above-ceiling', field: 'coverage' });
    const message = (refusal as Error).message;
    const [, x, y] = /from \((-?[\d.]+), (-?[\d.]+)\) to/.exec(message) ?? [];
    expect(message).toMatch(/above the 8 % that no square centimetre may exceed/);
    expect(message).toMatch(/about [\d.]+ % would fit/);
    // The same plan in research mode is made, with the warning; its window is where it was said.
    const research = planTreatment({
      zones: ['submental'],
      coverageFraction: 0.08,
      seed: 2,
      mode: 'research',
    });
    expect(research.totals.worstWindowCoverageFraction).toBeGreaterThan(0.08);
    // (Clinical mode first thinned the plan a little, so its window is not quite research's.)
    expect(
      research.warnings.find((w) => w.code === 'coverage.window-above-ceiling')?.message,
    ).toMatch(/above the 8 % that no square centimetre may exceed/);
    const inWindow = research.zones[0].cores.filter(
      ([cx, cy]) =>
        cx >= Number(x) - 0.3 &&
        cx <= Number(x) + 10.3 &&
        cy >= Number(y) - 0.3 &&
        cy <= Number(y) + 10.3,
    ).length;
    expect((inWindow * research.needle.coreAreaMm2) / 100).toBeGreaterThan(0.08);
    // At the default 6 % the same zone is within the ceiling.
    const fine = planTreatment({ zones: ['submental'], seed: 2 });
    expect(fine.totals.worstWindowCoverageFraction).toBeLessThanOrEqual(0.08);
  });

  it('thins a plan a little over the window ceiling by a few cores, within 0.1 point of its coverage', () => {
    const research = planTreatment({ coverageFraction: 0.063, seed: 2, mode: 'research' });
    expect(research.totals.worstWindowCoverageFraction).toBeGreaterThan(0.08);
    const plan = planTreatment({ coverageFraction: 0.063, seed: 2 });
    expect(plan.totals.worstWindowCoverageFraction).toBeLessThanOrEqual(0.08);
    expect(plan.totals.cores).toBeLessThan(research.totals.cores);
    const thinned = plan.warnings.filter((w) => w.code === 'coverage.window-thinned');
    expect(thinned.length).toBeGreaterThan(0);
    for (const zone of plan.zones) {
      expect(zone.coverageTarget - zone.coverageFraction).toBeLessThanOrEqual(0.001);
      expect(zone.coreCount).toBe(zone.cores.length);
      const before = research.zones.find((z) => z.id === zone.id);
      const left = (before?.coreCount ?? 0) - zone.coreCount;
      const warning = thinned.find((w) => w.zone === zone.id);
      if (left === 0) expect(warning).toBeUndefined();
      else
        expect(warning?.message).toMatch(
          new RegExp(`^zone "${zone.id}": ${left} of its cores left out`),
        );
    }
    // Too far over to thin within 0.1 point: refused.
    expect(() => planTreatment({ coverageFraction: 0.07 })).toThrow(
      expect.objectContaining({ code: 'coverage.window-above-ceiling' }),
    );
  });

  it('warns when a session holds more cores than the 10,000–12,000 reported', () => {
    expect(ENVELOPE.session.reportedMaxCores).toBe(12_000);
    const many = planTreatment({ needle: '23G' }); // finer cores: more of them for 6 %
    expect(many.totals.cores).toBeGreaterThan(12_000);
    expect(
      many.warnings.find((w) => w.code === 'plan.cores-above-reported-session')?.message,
    ).toMatch(
      new RegExp(
        `${many.totals.cores.toLocaleString('en-US')} cores in one session: more than the 10,000–12,000`,
      ),
    );
    const usual = planTreatment();
    expect(usual.totals.cores).toBeLessThanOrEqual(12_000);
    expect(usual.warnings.map((w) => w.code)).not.toContain('plan.cores-above-reported-session');
  });

  it('plans no cores in a zone with less than 1 cm² left to treat, and says so', () => {
    expect(ENVELOPE.zone.minTreatableAreaMm2).toBe(100);
    const square = (x: number, y: number, side: number) => [
      [x, y],
      [x + side, y],
      [x + side, y + side],
      [x, y + side],
    ];
    // Two 12 × 12 mm zones (144 mm², which the template allows); the plan's exclusion takes
    // 12 × 5 mm off one of them, leaving 84 mm².
    const template = parseTemplate({
      zones: [
        { id: 'small', polygon: square(0, 0, 12) },
        { id: 'enough', polygon: square(20, 0, 12) },
      ],
    });
    const exclusions = [square(0, 0, 12).map(([x, y]) => [x, y * (5 / 12)] as const)];
    const plan = planTreatment({ template, zones: ['small', 'enough'], needle: '27G', exclusions });
    const [small, enough] = plan.zones;
    expect(small.coreCount).toBe(0);
    expect(enough.coreCount).toBeGreaterThan(0);
    const warning = plan.warnings.find((w) => w.code === 'zone.below-minimum-area');
    expect(warning?.zone).toBe('small');
    expect(warning?.message).toMatch(/"small": 84 mm² of treatable skin, less than the 100 mm²/);
  });

  it('keeps clinical coverage within 4–8 %', () => {
    expect(() => checkCoverage(0.0399, 'clinical', 'coverage')).toThrow(
      expect.objectContaining({ code: 'coverage.out-of-range' }),
    );
    expect(() => checkCoverage(0.0801, 'clinical', 'coverage')).toThrow(/research mode/);
    expect(() => checkCoverage(0.04, 'clinical', 'coverage')).not.toThrow();
    expect(() => checkCoverage(0.08, 'clinical', 'coverage')).not.toThrow();
    expect(() => checkCoverage(Number.NaN, 'clinical', 'coverage')).toThrow();
    expect(() => planTreatment({ coverageFraction: 0.2 })).toThrow(
      expect.objectContaining({ field: 'coverage' }),
    );
  });

  it('allows 1–40 % only in research mode, with a warning on the output', () => {
    expect(() => checkCoverage(0.0099, 'research', 'coverage')).toThrow();
    expect(() => checkCoverage(0.4001, 'research', 'coverage')).toThrow();
    expect(() => checkCoverage(0.4, 'research', 'coverage')).not.toThrow();
    const plan = planTreatment({
      mode: 'research',
      coverageFraction: 0.2,
      bridgeMm: 0.2,
      zones: ['perioral-left'],
    });
    expect(plan.mode).toBe('research');
    expect(plan.warnings[0].code).toBe('mode.research');
    expect(plan.zones[0].coverageFraction).toBeCloseTo(0.2, 3);
  });

  it('keeps the skin bridge at one core diameter or more in clinical mode', () => {
    const core = needleByGauge('22G').innerDiameterMm;
    expect(() => checkBridge(core - 0.001, core, 'clinical')).toThrow(
      expect.objectContaining({ code: 'bridge.out-of-range', field: 'bridgeMm' }),
    );
    expect(() => checkBridge(core, core, 'clinical')).not.toThrow();
    expect(() => checkBridge(0.049, core, 'research')).toThrow();
    expect(() => checkBridge(0.05, core, 'research')).not.toThrow();
    expect(planTreatment({ zones: ['submental'] }).bridgeMinMm).toBe(core);
  });

  it('catalogues the needles of docs/domain.md §3 with the core as the inner diameter', () => {
    expect(NEEDLES.map((n) => n.gauge)).toEqual([
      '19G',
      '20G',
      '21G',
      '22G',
      '23G',
      '24G',
      '25G',
      '27G',
    ]);
    expect(needleByGauge('22').innerDiameterMm).toBe(0.413);
    expect(needleByGauge('27g').outerDiameterMm).toBe(0.413);
    for (const n of NEEDLES) expect(n.innerDiameterMm).toBeLessThan(n.outerDiameterMm);
    expect(() => needleByGauge('30G')).toThrow(
      expect.objectContaining({ code: 'needle.unknown-gauge' }),
    );
  });
});
