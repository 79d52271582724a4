import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibrateResponse,
  cohortOutcome,
  domainWarnings,
  EVIDENCE_NOT_USED,
  EVIDENCE_TARGETS,
  formatCalibrationTables,
  improvedProbability,
  lemperleChange,
  normalDraws,
  POSTERIOR_DRAWS,
  planTreatment,
  posteriorIndices,
  RESPONSE_POSTERIOR,
  Rng,
  STUDIED_DOMAIN,
  simulateTreatment,
} from '../src/index.js';

const width = (o: { lemperleChange: { low: number; high: number } }) =>
  o.lemperleChange.high - o.lemperleChange.low;

describe('the evidence targets', () => {
  it('are data with a source (no address), a sample size, conditions and what they identify', () => {
    for (const t of EVIDENCE_TARGETS) {
      expect(t.source.length, t.id).toBeGreaterThan(30);
      expect(t.source, t.id).not.toMatch(/https?:|www\./);
      expect(t.patients, t.id).toBeGreaterThan(0);
      expect(t.assumptions.length, t.id).toBeGreaterThan(0);
      expect(t.identifies.length, t.id).toBeGreaterThan(10);
      expect(t.cannotIdentify.length, t.id).toBeGreaterThan(10);
    }
    expect(EVIDENCE_NOT_USED.every((e) => e.why.length > 20)).toBe(true);
  });
});

describe('the calibration', () => {
  const fresh = calibrateResponse();

  it('reproduces the committed posterior (heal/responsePosterior.ts) exactly', () => {
    expect(fresh.referenceAreaLossFraction).toBe(RESPONSE_POSTERIOR.referenceAreaLossFraction);
    expect(fresh.effectiveSampleSize).toBe(RESPONSE_POSTERIOR.effectiveSampleSize);
    expect(fresh.draws).toEqual(RESPONSE_POSTERIOR.draws);
  }, 120_000);

  it('reproduces the tables of docs/model.md §4', () => {
    const docs = readFileSync(new URL('../../../docs/model.md', import.meta.url), 'utf8');
    const section = docs.slice(
      docs.indexOf('<!-- calibration:start -->') + '<!-- calibration:start -->'.length,
      docs.indexOf('<!-- calibration:end -->'),
    );
    // The formatter (biome) pads the tables' cells; the figures and words must be the same.
    const cells = (text: string) =>
      text
        .trim()
        .replace(/ *\| */g, '|')
        .replace(/\|-{3,}(?=\|)/g, '|---')
        .replace(/:?-{3,}:?/g, '---');
    expect(cells(section)).toBe(cells(formatCalibrationTables(fresh)));
  });

  it('has enough effective draws, and a leave-one-source-out row for every published result', () => {
    expect(fresh.effectiveSampleSize).toBeGreaterThan(150);
    expect(fresh.loso.map((r) => r.target)).toEqual(EVIDENCE_TARGETS.map((t) => t.id));
    for (const r of fresh.loso) {
      expect(r.low).toBeLessThanOrEqual(r.predictedMedian);
      expect(r.predictedMedian).toBeLessThanOrEqual(r.high);
      expect(r.inside).toBe(r.observed >= r.low && r.observed <= r.high);
    }
  });

  it('learns from the data where there is some, and keeps the prior where there is none', () => {
    const byName = Object.fromEntries(fresh.summary.map((s) => [s.name, s]));
    const spread = (q: readonly number[]) => q[2] - q[0];
    // The response's size is identified by the ASDS mean: the posterior is far narrower.
    expect(spread(byName.k.posterior)).toBeLessThan(0.5 * spread(byName.k.prior));
    // Nothing measures durability: the posterior is the prior (within Monte Carlo error).
    expect(spread(byName.persistent.posterior)).toBeGreaterThan(
      0.8 * spread(byName.persistent.prior),
    );
  });
});

describe('the response law', () => {
  const theta = POSTERIOR_DRAWS[0];

  it('rises with tightening and saturates below L0 · m, linear at first', () => {
    let previous = 0;
    for (const x of [0.5, 1, 2, 4]) {
      const change = lemperleChange(x, 3, theta, 0, 90);
      expect(change).toBeGreaterThan(previous);
      expect(change).toBeLessThan(3 * theta.m);
      previous = change;
    }
    // However much the skin tightens, only the slack share m of the wrinkle goes.
    expect(lemperleChange(1000, 3, theta, 0, 90)).toBeCloseTo(3 * theta.m, 9);
    const small = 1e-4;
    expect(lemperleChange(small, 3, theta, 0, 90) / small).toBeCloseTo(3 * theta.k, 3);
  });

  it('gives P(GAIS improved) that a Monte Carlo over the patients agrees with, within and beyond the follow-up', () => {
    const z = normalDraws(40_000, new Rng(2));
    const w = normalDraws(40_000, new Rng(3));
    for (const day of [90, 900]) {
      const analytic = improvedProbability(1, 3, theta, day);
      let count = 0;
      for (let i = 0; i < z.length; i++)
        if (lemperleChange(1, 3, theta, z[i], day, w[i]) >= theta.tau) count++;
      expect(Math.abs(count / z.length - analytic)).toBeLessThan(0.01);
    }
  });
});

describe('predictions carry the calibration uncertainty and never narrow when extrapolating', () => {
  const plan = planTreatment();

  it('widens with more sessions: 1 → 2 → 3 → 4', () => {
    const widths = [1, 2, 3, 4].map((sessions) =>
      width(
        simulateTreatment(plan, { sessions, days: [90 + (sessions - 1) * 42], cohort: 1000 })
          .simulation.outcome,
      ),
    );
    for (let k = 1; k < widths.length; k++) expect(widths[k]).toBeGreaterThanOrEqual(widths[k - 1]);
  });

  it('widens with coverage beyond the studied range', () => {
    const widths = [0.06, 0.08, 0.12, 0.2].map((coverageFraction) =>
      width(
        simulateTreatment(
          planTreatment({
            coverageFraction,
            // Above ~6 % a blue-noise square centimetre passes the 8 % ceiling, which clinical
            // mode refuses (docs/planner.md); the model itself does not depend on the mode.
            mode: coverageFraction > 0.06 ? 'research' : 'clinical',
            zones: ['cheek-left'],
          }),
          { days: [90], cohort: 1000 },
        ).simulation.outcome,
      ),
    );
    for (let k = 1; k < widths.length; k++) expect(widths[k]).toBeGreaterThanOrEqual(widths[k - 1]);
  });

  it('widens beyond the longest published follow-up, for every baseline grade studied', () => {
    // Tolerance: the 5th–95th width's own sampling noise with 2000 patients (~0.02 grade), as in
    // the property below; the widths themselves grow by 0.1–0.8 grade from 180 days to 10 years.
    const run = simulateTreatment(plan, { days: [180], cohort: 2000 });
    for (const baseline of [2, 3, 4]) {
      const widths = [180, 365, 730, 1825, 3650].map((day) => width(run.outcomeAt(day, baseline)));
      for (let k = 1; k < widths.length; k++)
        expect(widths[k], `L0 ${baseline}`).toBeGreaterThanOrEqual(widths[k - 1] - 0.02);
      expect(widths[widths.length - 1], `L0 ${baseline}`).toBeGreaterThan(widths[0] + 0.1);
    }
  });

  it('never narrows as tightening grows or time passes beyond the studied conditions (property)', () => {
    // One 4000-patient cohort at 180 days; more coverage or sessions scale each patient's
    // tightening. Tolerance: the quantiles' own sampling noise with 4000 patients (< 0.01 grade).
    const run = simulateTreatment(plan, { days: [180], cohort: 4000 });
    const at = (factor: number, day: number, baseline: number) =>
      width(
        cohortOutcome(
          run.cohortAreaLoss.map((a) => a * factor),
          run.outcomeDraws,
          baseline,
          day,
        ),
      );
    const baseline = fc.constantFrom(2, 3, 4);
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 8, noNaN: true }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        baseline,
        (f, extra, l0) => at(f + extra, 180, l0) >= at(f, 180, l0) - 0.02,
      ),
      { numRuns: 60, seed: 1 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 180, max: 3650 }),
        fc.integer({ min: 0, max: 3000 }),
        baseline,
        (day, later, l0) => at(1, Math.min(3650, day + later), l0) >= at(1, day, l0) - 0.02,
      ),
      { numRuns: 60, seed: 1 },
    );
  });

  it('is wider than the spread between patients alone (one parameter set)', () => {
    const run = simulateTreatment(plan, { sessions: 3, days: [174], cohort: 2000 });
    const full = run.simulation.outcome;
    const oneDraw = {
      responsivenessZ: run.responsivenessZ,
      posteriorIndex: new Uint16Array(run.responsivenessZ.length),
      driftZ: new Float64Array(run.responsivenessZ.length),
    };
    const fixed = cohortOutcome(run.cohortAreaLoss, oneDraw, 3, 174, {
      ...RESPONSE_POSTERIOR,
      draws: [medianDraw()],
    });
    expect(width(full)).toBeGreaterThan(width(fixed) * 1.1);
  });

  it('covers 90 % of a synthetic population drawn from the model', () => {
    // The reported interval (seed 1) against 4000 new patients (seed 77): their own mechanics,
    // posterior draw, responsiveness and drift.
    for (const [sessions, day] of [
      [1, 90],
      [3, 400],
    ]) {
      const reported = simulateTreatment(plan, { sessions, days: [day], cohort: 2000 }).simulation
        .outcome.lemperleChange;
      const population = simulateTreatment(plan, { sessions, days: [day], cohort: 4000, seed: 77 });
      const rng = new Rng(78);
      const index = posteriorIndices(4000, rng);
      const z = normalDraws(4000, rng);
      const w = normalDraws(4000, rng);
      let inside = 0;
      for (let i = 0; i < 4000; i++) {
        const x = population.cohortAreaLoss[i] / RESPONSE_POSTERIOR.referenceAreaLossFraction;
        const change = lemperleChange(x, 3, POSTERIOR_DRAWS[index[i]], z[i], day, w[i]);
        if (change >= reported.low && change <= reported.high) inside++;
      }
      expect(inside / 4000, `${sessions} sessions, day ${day}`).toBeGreaterThan(0.87);
      expect(inside / 4000, `${sessions} sessions, day ${day}`).toBeLessThan(0.93);
    }
  }, 60_000);
});

describe('domain warnings', () => {
  const base = {
    zoneCoverage: [{ id: 'cheek-left', coverageFraction: 0.06 }],
    sessionsByOutcome: 1,
    outcomeDay: 90,
    fitzpatrick: 3,
    baselineLemperle: 3,
  };
  const codes = (change: Partial<typeof base>) =>
    domainWarnings({ ...base, ...change }).map((w) => w.code);

  it('are silent inside the studied conditions, which come from the evidence targets', () => {
    expect(codes({})).toEqual([]);
    expect(STUDIED_DOMAIN.longestFollowUpDays).toBe(180);
    expect(STUDIED_DOMAIN.baselineLemperle).toEqual([2, 4]);
  });

  it('name each condition the published studies did not cover, in plain words', () => {
    expect(codes({ zoneCoverage: [{ id: 'submental', coverageFraction: 0.08 }] })).toEqual([
      'domain.coverage-outside-studied',
    ]);
    expect(codes({ zoneCoverage: [{ id: 'submental', coverageFraction: 0.04 }] })).toEqual([
      'domain.coverage-outside-studied',
    ]);
    expect(codes({ sessionsByOutcome: 2 })).toEqual(['domain.multiple-sessions']);
    expect(codes({ outcomeDay: 181 })).toEqual(['domain.follow-up-beyond-published']);
    expect(codes({ outcomeDay: 180 })).toEqual([]);
    expect(codes({ fitzpatrick: 5 })).toEqual(['domain.skin-type-not-studied']);
    expect(codes({ fitzpatrick: 6 })).toEqual(['domain.skin-type-not-studied']);
    expect(codes({ fitzpatrick: undefined })).toEqual([]);
    expect(codes({ baselineLemperle: 5 })).toEqual(['domain.baseline-not-studied']);
    expect(codes({ baselineLemperle: 1 })).toEqual(['domain.baseline-not-studied']);
    const three = domainWarnings({ ...base, sessionsByOutcome: 3, fitzpatrick: 6 });
    expect(three[0].message).toMatch(/no published result goes beyond 2 sessions/);
    expect(three[1].message).toMatch(/Fitzpatrick type VI was not studied/);
  });

  it('reach the simulation, and a bad skin type is refused naming the field', () => {
    const run = simulateTreatment(planTreatment({ zones: ['submental'] }), {
      sessions: 3,
      days: [400],
      fitzpatrick: 5,
      baselineLemperle: 5,
      cohort: 100,
    });
    const got = run.simulation.warnings.map((w) => w.code);
    for (const code of [
      'domain.multiple-sessions',
      'domain.follow-up-beyond-published',
      'domain.skin-type-not-studied',
      'domain.baseline-not-studied',
    ])
      expect(got).toContain(code);
    expect(() =>
      simulateTreatment(planTreatment({ zones: ['submental'] }), { fitzpatrick: 7 }),
    ).toThrow(expect.objectContaining({ field: 'fitzpatrick' }));
  });
});

/** The posterior's median of each parameter: one parameter set, for comparison. */
function medianDraw() {
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
  const names = Object.keys(POSTERIOR_DRAWS[0]) as (keyof (typeof POSTERIOR_DRAWS)[number])[];
  return Object.fromEntries(
    names.map((name) => [name, median(POSTERIOR_DRAWS.map((d) => d[name]))]),
  ) as unknown as (typeof POSTERIOR_DRAWS)[number];
}
