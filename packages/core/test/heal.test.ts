import { describe, expect, it } from 'vitest';
import {
  areaLossFraction,
  couplingSurrogate,
  defaultParameterValues,
  epithelialCover,
  gapedHole,
  HEALING_PARAMETERS,
  MODEL_ESTIMATE_LABEL,
  openAreaFraction,
  planTreatment,
  Rng,
  sampleCohort,
  seriesAreaLossFraction,
  simulateBridgePatch,
  simulateTreatment,
  solveTighteningField,
  solveTighteningFieldOn,
  tighteningDomain,
  tighteningSolver,
} from '../src/index.js';

const p = defaultParameterValues();

describe('healing parameters', () => {
  it('are data with a unit, a range holding the default, a source and a reason', () => {
    for (const [name, spec] of Object.entries(HEALING_PARAMETERS)) {
      expect(spec.unit.length, name).toBeGreaterThan(0);
      expect(spec.source.length, name).toBeGreaterThan(10);
      expect(spec.reason.length, name).toBeGreaterThan(10);
      expect(spec.value, name).toBeGreaterThanOrEqual(spec.range[0]);
      expect(spec.value, name).toBeLessThanOrEqual(spec.range[1]);
    }
  });

  it('sample the virtual cohort inside the ranges, peaking at the defaults', () => {
    const cohort = sampleCohort(4000, p, new Rng(3));
    for (const name of [
      'lastingAreaLossFraction',
      'foundationLengthMm',
      'fixedEdgeMarginMm',
    ] as const) {
      const [lo, hi] = HEALING_PARAMETERS[name].range;
      const values = cohort.map((c) => c[name]).sort((a, b) => a - b);
      expect(values[0]).toBeGreaterThanOrEqual(lo);
      expect(values[values.length - 1]).toBeLessThanOrEqual(hi);
      // A triangular draw: the median lies between the default and the middle of the range.
      const median = values[2000];
      const middle = (HEALING_PARAMETERS[name] as { logScale?: boolean }).logScale
        ? Math.sqrt(lo * hi)
        : (lo + hi) / 2;
      expect(median).toBeGreaterThanOrEqual(Math.min(p[name], middle) * 0.97);
      expect(median).toBeLessThanOrEqual(Math.max(p[name], middle) * 1.03);
    }
    // Parameters not marked uncertain stay at their defaults: the modulus and thickness among
    // them, as they cancel out of the area change (below).
    for (const name of ['downtimeDays', 'youngsModulusMPa', 'skinThicknessMm'] as const)
      expect(new Set(cohort.map((c) => c[name])), name).toEqual(new Set([p[name]]));
  });
});

describe('one wound', () => {
  it('closes within hours, is covered at the downtime, and contracts towards its floor', () => {
    expect(openAreaFraction(0, p)).toBe(1);
    expect(openAreaFraction((p.closureHours * Math.log(20)) / 24, p)).toBeCloseTo(0.05, 10);
    expect(epithelialCover(p.downtimeDays, p)).toBeCloseTo(0.95, 10);
    expect(epithelialCover(0, p)).toBe(0);
    // Area loss rises monotonically to η∞ and is 95 % of the remodelling share at 3 time constants.
    let previous = -1;
    for (let day = 0; day <= 400; day += 5) {
      const eta = areaLossFraction(day, p);
      expect(eta).toBeGreaterThanOrEqual(previous);
      previous = eta;
    }
    expect(areaLossFraction(1e4, p)).toBeCloseTo(p.lastingAreaLossFraction, 10);
    const remodelled = (day: number) =>
      (areaLossFraction(day, p) - p.lastingAreaLossFraction * p.closureShare) /
      (p.lastingAreaLossFraction * (1 - p.closureShare));
    // The remodelling part is 1 − e^(−t/τ): its log-gap is linear in t with slope −1/τ.
    const slope = (Math.log(1 - remodelled(60)) - Math.log(1 - remodelled(20))) / 40;
    expect(slope).toBeCloseTo(-1 / p.remodellingDays, 8);
  });

  it('gapes into the ellipse of the Kirsch solution', () => {
    const uniaxial = gapedHole(0.4, { ...p, restingTensionRatio: 0 });
    const s = p.restingTensionMPa / p.youngsModulusMPa;
    expect(uniaxial.majorAxisMm).toBeCloseTo(0.4 * (1 + 2 * s), 12);
    expect(uniaxial.minorAxisMm).toBeCloseTo(0.4 * (1 - (1 - p.poissonRatio) * s), 12);
    const equibiaxial = gapedHole(0.4, { ...p, restingTensionRatio: 1 });
    expect(equibiaxial.majorAxisMm).toBeCloseTo(equibiaxial.minorAxisMm, 12);
    expect(equibiaxial.majorAxisMm).toBeCloseTo(0.4 * (1 + (1 + p.poissonRatio) * s), 12);
  });

  it('adds sessions: the second session’s loss adds to the first', () => {
    const sessions = [0, 42];
    expect(seriesAreaLossFraction(100, sessions, p)).toBeCloseTo(
      areaLossFraction(100, p) + areaLossFraction(58, p),
      12,
    );
    expect(seriesAreaLossFraction(30, sessions, p)).toBeCloseTo(areaLossFraction(30, p), 12);
  });
});

describe('bridge patch (micro model)', () => {
  it('opens a single hole as the analytic gape, within 3 %: linear, and neo-Hookean at small strain', () => {
    const single = {
      originMm: [0, 0] as const,
      sideMm: 10,
      cores: [[5, 5]] as const,
      coreDiameterMm: 0.413,
      tensionAngleDeg: 0,
    };
    // A tenth of the resting tension keeps the strains near 1.5 %, where the laws agree.
    const gentle = { ...p, restingTensionMPa: p.restingTensionMPa / 10 };
    for (const [law, params] of [
      ['linear', p],
      ['neo-hookean', gentle],
    ] as const) {
      const result = simulateBridgePatch({ ...single, law }, params);
      const exact = gapedHole(0.413, params);
      expect(result.holes).toBe(1);
      for (const [fe, analytic] of [
        [result.meanMajorAxisMm, exact.majorAxisMm],
        [result.meanMinorAxisMm, exact.minorAxisMm],
      ])
        expect(Math.abs(fe - analytic) / analytic, law).toBeLessThan(0.03);
    }
  });

  it('strains the bridges more under the neo-Hookean law than the linear one at resting tension', () => {
    // Neo-Hookean skin carries a given tension at a larger stretch than the linear law predicts
    // (its nominal stress grows more slowly), and the concentration at the holes follows.
    const plan = planTreatment({ zones: ['submental'] });
    const patch = {
      originMm: [-5, -30] as const,
      sideMm: 10,
      cores: plan.zones[0].cores,
      coreDiameterMm: 0.413,
      tensionAngleDeg: 0,
    };
    const linear = simulateBridgePatch({ ...patch, law: 'linear' }, p);
    const neoHookean = simulateBridgePatch(patch, p);
    expect(neoHookean.newtonSteps).toBeGreaterThan(0);
    expect(neoHookean.maxBridgeStrain).toBeGreaterThan(linear.maxBridgeStrain);
    expect(neoHookean.meanBridgeStrain).toBeGreaterThan(linear.meanBridgeStrain);
  });

  it('flags bridges above the tear strain when cores crowd, not at the default spacing', () => {
    const plan = planTreatment({ zones: ['submental'] });
    const patch = {
      originMm: [-5, -30] as const,
      sideMm: 10,
      cores: plan.zones[0].cores,
      coreDiameterMm: 0.413,
      tensionAngleDeg: 0,
    };
    const safe = simulateBridgePatch(patch, p);
    expect(safe.bridges).toBeGreaterThan(10);
    expect(safe.flaggedBridges).toBe(0);
    const crowded = planTreatment({
      zones: ['submental'],
      mode: 'research',
      coverageFraction: 0.15,
      bridgeMm: 0.2,
    });
    const risky = simulateBridgePatch({ ...patch, cores: crowded.zones[0].cores }, p);
    expect(risky.maxBridgeStrain).toBeGreaterThan(safe.maxBridgeStrain);
    expect(risky.flaggedBridges).toBeGreaterThan(0);
  });
});

describe('zone tightening (macro model)', () => {
  const plan = planTreatment();
  const field = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, p);

  it('tightens every treated zone, less than free shrinkage would, and mirror zones alike', () => {
    const byId = Object.fromEntries(field.zoneIds.map((id, k) => [id, field.zoneAreaChange[k]]));
    for (const change of field.zoneAreaChange) {
      expect(change).toBeLessThan(0);
      // Free skin would lose η·φ = 6 % of its area per unit η; the anchored skin loses less.
      expect(change).toBeGreaterThan(-0.06);
    }
    expect(byId['cheek-left']).toBeCloseTo(byId['cheek-right'], 3);
    expect(byId['jawline-left']).toBeCloseTo(byId['jawline-right'], 3);
    expect(field.iterations).toBeLessThan(40);
  });

  it('tightens more when the skin glides more freely over the tissue beneath', () => {
    const loose = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, {
      ...p,
      foundationLengthMm: 80,
    });
    for (let z = 0; z < field.zoneIds.length; z++)
      expect(loose.zoneAreaChange[z]).toBeLessThan(field.zoneAreaChange[z]);
  });

  it('loses the same area whatever the modulus and thickness (they cancel out): not sampled', () => {
    // Stiffness and eigenstrain load both scale with E·t; the foundation k = E·t/ℓ² does too
    // at a fixed coupling length ℓ. So the displacement, strain and area change do not move.
    for (const [eScale, tScale] of [
      [3, 1],
      [1, 1.7],
      [0.4, 0.6],
    ]) {
      const scaled = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, {
        ...p,
        youngsModulusMPa: p.youngsModulusMPa * eScale,
        skinThicknessMm: p.skinThicknessMm * tScale,
      });
      for (let z = 0; z < field.zoneIds.length; z++) {
        expect(scaled.zoneAreaChange[z]).toBeCloseTo(field.zoneAreaChange[z], 12);
        // The tension change (N/mm) is what E·t does move: in proportion.
        expect(scaled.zoneTensionChangeNPerMm[z] / field.zoneTensionChangeNPerMm[z]).toBeCloseTo(
          eScale * tScale,
          8,
        );
      }
    }
  });

  it('tightens more when the fixed edge lies farther out', () => {
    const far = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, {
      ...p,
      fixedEdgeMarginMm: 40,
    });
    for (let z = 0; z < field.zoneIds.length; z++)
      expect(far.zoneAreaChange[z]).toBeLessThan(field.zoneAreaChange[z]);
  });

  it('has a cohort surrogate within 6 % of direct solves, exact at the defaults', () => {
    const zones = plan.zones.map((z) => ({ id: z.id, polygon: z.polygon, cores: z.cores }));
    const domain = tighteningDomain(zones, plan.needle.coreAreaMm2);
    const surrogate = couplingSurrogate(
      zones,
      plan.needle.coreAreaMm2,
      domain,
      field,
      p,
      plan.zones.map((z) => z.areaMm2),
    );
    // Exact up to the last bit of a double (the surrogate scales a ratio by the fine field).
    for (let z = 0; z < field.zoneIds.length; z++) {
      const at = surrogate.areaChangePerEta(p.foundationLengthMm, p.fixedEdgeMarginMm, z);
      expect(Math.abs(at / field.zoneAreaChange[z] - 1)).toBeLessThan(1e-12);
    }
    // Off the grid's points, at both ends of each range and between.
    for (const [length, margin] of [
      [23, 15],
      [42, 32],
      [60, 10],
      [18, 40],
    ]) {
      const direct = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, {
        ...p,
        foundationLengthMm: length,
        fixedEdgeMarginMm: margin,
      });
      for (let z = 0; z < field.zoneIds.length; z++) {
        const estimate = surrogate.areaChangePerEta(length, margin, z);
        expect(Math.abs(estimate / direct.zoneAreaChange[z] - 1)).toBeLessThan(0.06);
      }
    }
  });

  it('solves any coupling length on one solver as a solve of its own does, in any order', () => {
    // The solver computes each level's elements once and adds each length's foundation: a length
    // solved after others must not see anything of theirs.
    const zones = plan.zones.map((z) => ({ id: z.id, polygon: z.polygon, cores: z.cores }));
    const domain = tighteningDomain(zones, plan.needle.coreAreaMm2, { refinements: 1 });
    const solver = tighteningSolver(domain, p);
    const options = { level: 1, relativeTolerance: 1e-6 };
    const lengths = [60, 18, 30, 60];
    const shared = lengths.map((length) => solver.field(length, options));
    lengths.forEach((length, k) => {
      const own = solveTighteningFieldOn(domain, { ...p, foundationLengthMm: length }, options);
      expect(Array.from(shared[k].displacementMm)).toEqual(Array.from(own.displacementMm));
      expect(Array.from(shared[k].zoneAreaChange)).toEqual(Array.from(own.zoneAreaChange));
    });
    expect(shared[1].zoneAreaChange[0]).toBeGreaterThan(shared[0].zoneAreaChange[0]);
  });

  it('does nothing without cores', () => {
    const empty = solveTighteningField(
      plan.zones.map((z) => ({ ...z, cores: [] })),
      plan.needle.coreAreaMm2,
      p,
    );
    for (const u of empty.displacementMm) expect(u).toBe(0);
  });
});

describe('simulateTreatment', () => {
  const plan = planTreatment();
  const run = simulateTreatment(plan, { days: [0, 1, 4, 14, 30, 90], cohort: 2000 });
  const s = run.simulation;

  it('predicts an improvement with an interval around it and the share rated GAIS improved', () => {
    expect(s.outcome.day).toBe(90);
    expect(s.outcome.lemperleChange.low).toBeLessThan(s.outcome.lemperleChange.mean);
    expect(s.outcome.lemperleChange.high).toBeGreaterThan(s.outcome.lemperleChange.mean);
    const share = s.outcome.gaisImprovedFraction;
    expect(s.outcome.gaisImprovedInterval.low).toBeLessThanOrEqual(share);
    expect(s.outcome.gaisImprovedInterval.high).toBeGreaterThanOrEqual(share);
    expect(s.outcome.gaisMeaning).toMatch(/not predicted/);
  });

  it('labels every prediction as a model estimate and keeps the promised names', () => {
    expect(s.label).toBe(MODEL_ESTIMATE_LABEL);
    expect(s.outcome.label).toBe(MODEL_ESTIMATE_LABEL);
    expect(s).toMatchObject({ schemaVersion: 3, downtimeDays: expect.any(Number) });
    for (const t of s.timeline) {
      expect(t).toMatchObject({ day: expect.any(Number), areaChangeFraction: expect.any(Number) });
      expect(t.areaChangeInterval.low).toBeLessThanOrEqual(t.areaChangeFraction + 1e-12);
      expect(t.areaChangeInterval.high).toBeGreaterThanOrEqual(t.areaChangeFraction - 1e-12);
      for (const z of t.zones)
        expect(z).toMatchObject({ id: expect.any(String), areaChangeFraction: expect.any(Number) });
    }
  });

  it('follows the healing curve: nothing at day 0, most by 90 days, and deeper with more sessions', () => {
    const byDay = Object.fromEntries(s.timeline.map((t) => [t.day, t.areaChangeFraction]));
    expect(byDay[0]).toBe(0);
    expect(byDay[1]).toBeLessThan(0);
    expect(byDay[90]).toBeLessThan(byDay[30]);
    expect(byDay[30]).toBeLessThan(byDay[1]);
    const series = simulateTreatment(plan, { days: [180], sessions: 2, cohort: 500 }).simulation;
    const single = simulateTreatment(plan, { days: [180], sessions: 1, cohort: 500 }).simulation;
    expect(series.timeline[0].areaChangeFraction).toBeLessThan(
      single.timeline[0].areaChangeFraction,
    );
    expect(series.outcome.lemperleChange.mean).toBeGreaterThan(single.outcome.lemperleChange.mean);
    expect(series.sessions.map((x) => x.day)).toEqual([0, 42]);
  });

  it('warns about sessions closer than six weeks, and refuses bad input naming the field', () => {
    const close = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      days: [90],
      sessions: 2,
      intervalWeeks: 4,
      cohort: 100,
    });
    expect(close.simulation.warnings.map((w) => w.code)).toContain('series.interval-short');
    expect(() => simulateTreatment(plan, { baselineLemperle: 6 })).toThrow(
      expect.objectContaining({ field: 'baselineLemperle' }),
    );
    expect(() => simulateTreatment(plan, { days: [] })).toThrow(
      expect.objectContaining({ field: 'days' }),
    );
    expect(() => simulateTreatment(plan, { sessions: 0 })).toThrow(
      expect.objectContaining({ field: 'sessions' }),
    );
    expect(() => simulateTreatment({ kind: 'other' } as never)).toThrow(
      expect.objectContaining({ code: 'simulation.invalid-plan' }),
    );
  });

  it('takes explicit session days, and reports every hole and bridge of the patch', () => {
    const small = planTreatment({ zones: ['submental'] });
    const explicit = simulateTreatment(small, {
      days: [150],
      sessionDays: [0, 30, 120],
      cohort: 100,
    }).simulation;
    expect(explicit.sessions.map((x) => x.day)).toEqual([0, 30, 120]);
    expect(explicit.warnings.find((w) => w.code === 'series.interval-short')?.message).toMatch(
      /4\.3 weeks/,
    );
    expect(() => simulateTreatment(small, { sessionDays: [5, 10] })).toThrow(
      expect.objectContaining({ field: 'sessionDays' }),
    );
    expect(() => simulateTreatment(small, { sessionDays: [0, 40, 40] })).toThrow(
      expect.objectContaining({ field: 'sessionDays' }),
    );
    const b = explicit.bridges;
    expect(b.holeGapes).toHaveLength(b.holes);
    expect(b.bridgeStrains).toHaveLength(b.bridges);
    for (const h of b.holeGapes) expect(h.majorAxisMm).toBeGreaterThan(h.minorAxisMm);
    expect(b.bridgeStrains.filter((x) => x.flagged)).toHaveLength(b.flaggedBridges);
    expect(Math.max(...b.bridgeStrains.map((x) => x.strain))).toBeCloseTo(b.maxBridgeStrain, 4);
  });

  it('shows one gape: the patch’s holes, or one isolated hole (Kirsch) when the patch cut none', () => {
    // The wound's figure is the patch's mean (neo-Hookean, among neighbours), not a second one.
    expect(s.wound.gapeSource).toBe('bridge-patch');
    expect(s.bridges.holes).toBeGreaterThan(0);
    expect(s.wound.gapeAreaRatio).toBe(s.bridges.meanGapeAreaRatio);
    const majors = s.bridges.holeGapes.map((h) => h.majorAxisMm);
    expect(s.wound.gapedMajorAxisMm).toBeCloseTo(
      majors.reduce((a, v) => a + v, 0) / majors.length,
      3,
    );
    // Both cheeks excluded over their patch squares: no hole, so the isolated hole's gape.
    const square = (x: number, y: number, h: number): [number, number][] => [
      [x - h, y - h],
      [x + h, y - h],
      [x + h, y + h],
      [x - h, y + h],
    ];
    const centre = (id: string) => {
      const polygon = plan.zones.find((z) => z.id === id)?.polygon ?? [];
      return polygon
        .reduce(([sx, sy], [x, y]) => [sx + x, sy + y], [0, 0])
        .map((v) => v / polygon.length) as [number, number];
    };
    const bare = planTreatment({
      exclusions: [square(...centre('cheek-left'), 8), square(...centre('cheek-right'), 8)],
    });
    const lone = simulateTreatment(bare, { days: [30], cohort: 50 }).simulation;
    expect(lone.bridges.holes).toBe(0);
    expect(lone.wound.gapeSource).toBe('isolated-hole');
    expect(lone.wound.gapeAreaRatio).toBeCloseTo(
      gapedHole(plan.needle.coreDiameterMm, p).areaRatio,
      4,
    );
  });

  it('gives the area loss on any day: the outcome day’s cohort, the timeline’s figures between', () => {
    expect(Array.from(run.cohortAreaLossAt(90))).toEqual(Array.from(run.cohortAreaLoss));
    expect(run.nominalAreaLossAt(90)).toBe(run.nominalAreaLoss);
    expect(run.cohortAreaLossAt(0).every((v) => v === 0)).toBe(true);
    for (const t of s.timeline) {
      // The timeline's area change is minus the loss, rounded to 1e-6; its interval the 5th–95th.
      expect(-run.nominalAreaLossAt(t.day)).toBeCloseTo(t.areaChangeFraction, 6);
      const sorted = run
        .cohortAreaLossAt(t.day)
        .map((v) => -v)
        .sort();
      const at = (q: number) => sorted[Math.floor(q * (sorted.length - 1))];
      expect(at(0.05)).toBeCloseTo(t.areaChangeInterval.low, 6);
      expect(at(0.95)).toBeCloseTo(t.areaChangeInterval.high, 6);
    }
    // Between the listed days the loss keeps deepening as the skin remodels.
    expect(run.nominalAreaLossAt(60)).toBeGreaterThan(run.nominalAreaLossAt(30));
    expect(run.nominalAreaLossAt(60)).toBeLessThan(run.nominalAreaLossAt(90));
    expect(() => run.cohortAreaLossAt(-1)).toThrow(expect.objectContaining({ field: 'days' }));
  });

  it('is deterministic for a seed', () => {
    const a = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      days: [90],
      cohort: 200,
      seed: 4,
    });
    const b = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      days: [90],
      cohort: 200,
      seed: 4,
    });
    expect(JSON.stringify(a.simulation)).toBe(JSON.stringify(b.simulation));
  });
});
