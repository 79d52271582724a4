import { describe, expect, it } from 'vitest';
import {
  checkBridge,
  checkCoreDiameter,
  checkCoverage,
  ENVELOPE,
  NEEDLES,
  needleByGauge,
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

  it('allows 0.4–0.5 mm with a warning, and finer cores without one', () => {
    expect(checkCoreDiameter(0.4999, 'test')).toHaveLength(1);
    expect(checkCoreDiameter(0.4, 'test')[0].code).toBe('needle.core-near-scar-threshold');
    expect(checkCoreDiameter(0.3999, 'test')).toEqual([]);
    expect(planTreatment({ zones: ['submental'] }).warnings.map((w) => w.code)).toContain(
      'needle.core-near-scar-threshold',
    );
    expect(planTreatment({ zones: ['submental'], needle: '23G' }).warnings).toEqual([]);
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
