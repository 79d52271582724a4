import { describe, expect, it } from 'vitest';
import {
  ADVERSE_EVENT_RATES,
  areaLossFraction,
  betaDistributionQuantile,
  betaPosterior,
  DEFAULT_TEMPLATE,
  defaultParameterValues,
  drawCohortRates,
  drawModelPatient,
  drawWholeGrade,
  isMicrocoreError,
  lemperleChange,
  modelGais,
  modelImprovementGrades,
  POSTERIOR_DRAWS,
  planTreatment,
  Rng,
  seriesAreaLossFraction,
  summarizeEvidence,
  syntheticCohort,
} from '../src/index.js';

const START = '2025-01-06';
// The calibration's reference: the default plan's η at 90 days, nominal healing.
const REFERENCE_ETA = areaLossFraction(90, defaultParameterValues());
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;

describe('syntheticCohort', () => {
  const cohort = syntheticCohort({ seed: 7, startDate: START });

  it('is deterministic per seed', () => {
    expect(JSON.stringify(syntheticCohort({ seed: 7, startDate: START }))).toBe(
      JSON.stringify(cohort),
    );
    expect(JSON.stringify(syntheticCohort({ seed: 8, startDate: START }))).not.toBe(
      JSON.stringify(cohort),
    );
  });

  it('has 72 synthetic patients across Fitzpatrick I–VI, ages 25–75', () => {
    expect(cohort).toHaveLength(72);
    expect(new Set(cohort.map((j) => j.patient.fitzpatrickType))).toEqual(
      new Set([1, 2, 3, 4, 5, 6]),
    );
    for (const j of cohort) {
      expect(j.patient.synthetic).toBe(true);
      expect(j.patient.givenName).toBe('Synthetic');
      const first = j.sessions[0].date;
      const age = (Date.parse(first) - Date.parse(j.patient.birthDate)) / (365.25 * 86_400_000);
      expect(age).toBeGreaterThanOrEqual(25);
      expect(age).toBeLessThan(76);
    }
  });

  it('screens V–VI with a warning and an acknowledgement, others eligible', () => {
    for (const j of cohort) {
      const s = j.screenings[0];
      if (j.patient.fitzpatrickType >= 5) {
        expect(s.decision).toBe('eligible-with-warnings');
        expect(s.acknowledgements).toContain('fitzpatrick-v-vi-not-studied');
      } else {
        expect(s.decision).toBe('eligible');
      }
      expect(days(s.date, j.sessions[0].date)).toBeGreaterThan(0);
    }
  });

  it('gives 1, 2 or 3 sessions by laxity, at least six weeks apart, on the indicated zones', () => {
    const indicated = DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);
    for (const j of cohort) {
      const grade = j.patient.laxityGrade;
      expect(j.sessions.length).toBe(grade < 2 ? 1 : grade < 3 ? 2 : 3);
      for (let k = 1; k < j.sessions.length; k++) {
        expect(days(j.sessions[k - 1].date, j.sessions[k].date)).toBeGreaterThanOrEqual(42);
      }
      for (const s of j.sessions) {
        expect(s.zones.map((z) => z.zoneId)).toEqual(indicated);
        expect(s.planId).toMatch(/^syn-plan-/);
        expect(s.operator).toMatch(/^syn-operator-/);
      }
      // A baseline on the first session's day.
      expect(j.assessments[0].date).toBe(j.sessions[0].date);
    }
    const counts = [1, 2, 3].map((n) => cohort.filter((j) => j.sessions.length === n).length);
    expect(Math.min(...counts)).toBeGreaterThan(10);
  });

  it("delivers the plan: every session the plan's cores per zone, or a little short, never more", () => {
    const plan = planTreatment({
      zones: DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id),
      seed: 1,
    });
    const planned = Object.fromEntries(plan.zones.map((z) => [z.id, z.coreCount]));
    const plannedTotal = plan.zones.reduce((a, z) => a + z.coreCount, 0);
    expect(plannedTotal).toBeGreaterThan(10_000);
    const sessions = cohort.flatMap((j) => j.sessions);
    let full = 0;
    for (const s of sessions) {
      for (const z of s.zones) {
        expect(z.coresDelivered).toBeLessThanOrEqual(planned[z.zoneId]);
        expect(z.coresDelivered).toBeGreaterThanOrEqual(Math.floor(0.8 * planned[z.zoneId]));
      }
      if (s.zones.every((z) => z.coresDelivered === planned[z.zoneId])) full++;
    }
    expect(full / sessions.length).toBeGreaterThan(0.75);
    // A given plan is followed instead.
    const own = syntheticCohort({
      seed: 7,
      patients: 3,
      startDate: START,
      plannedCoresByZone: Object.fromEntries(Object.keys(planned).map((id) => [id, 100])),
    });
    for (const z of own.flatMap((j) => j.sessions.flatMap((s) => s.zones))) {
      expect(z.coresDelivered).toBeLessThanOrEqual(100);
      expect(z.coresDelivered).toBeGreaterThanOrEqual(80);
    }
  });

  it("grades Lemperle in whole grades, with the mean of the model's latent grade", () => {
    for (const a of cohort.flatMap((j) => j.assessments)) {
      for (const g of Object.values(a.lemperleByZone)) expect(Number.isInteger(g)).toBe(true);
    }
    // 2.3 → 2 or 3, 3 with probability 0.3; the mean is kept (rounding would give 2 always).
    const rng = new Rng(3);
    const draws = Array.from({ length: 20_000 }, () => drawWholeGrade(2.3, rng));
    expect(new Set(draws)).toEqual(new Set([2, 3]));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(2.28);
    expect(mean).toBeLessThan(2.32);
  });

  it('gives V–VI a wider response spread than I–IV, with the same mean', () => {
    // Small tightening, where the response is nearly linear in the responsiveness: the widened
    // log-sd keeps the mean responsiveness, so the mean change is kept too.
    const world = { ...POSTERIOR_DRAWS[0], m: 1, k: 0.05 };
    const rng = new Rng(4);
    const patients = Array.from({ length: 40_000 }, () => drawModelPatient(1, rng));
    const spread = (fitzpatrickType: 1 | 5) => {
      const v = patients.map((p) =>
        modelImprovementGrades(5, 90, [0], { ...p, fitzpatrickType }, world),
      );
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return { m, sd: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) };
    };
    const light = spread(1);
    const dark = spread(5);
    expect(dark.sd).toBeGreaterThan(1.2 * light.sd);
    expect(Math.abs(dark.m - light.m)).toBeLessThan(0.03 * light.m);
  });

  it("draws each cohort's rates from the published counts' Beta posterior, V–VI wider", () => {
    const rng = new Rng(11);
    const draws = Array.from({ length: 600 }, () => drawCohortRates(rng.fork()));
    const quantile = (values: number[], q: number) =>
      [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))];
    for (const rate of ADVERSE_EVENT_RATES) {
      const low = draws.map((d) => d.get(rate.key)?.typesItoIV ?? Number.NaN);
      const { a, b } = betaPosterior(rate.basis);
      // The draws' quartiles are the posterior's (600 draws: within a few points).
      for (const q of [0.25, 0.5, 0.75]) {
        expect(Math.abs(quantile(low, q) - betaDistributionQuantile(q, a, b))).toBeLessThan(0.02);
      }
      const high = draws.map((d) => d.get(rate.key)?.typesVtoVI ?? Number.NaN);
      const sd = (v: number[]) => {
        const m = v.reduce((x, y) => x + y, 0) / v.length;
        return Math.sqrt(v.reduce((x, y) => x + (y - m) ** 2, 0) / (v.length - 1));
      };
      expect(sd(high), rate.key).toBeGreaterThan(1.3 * sd(low));
    }
    // Hyperpigmentation in V–VI: about twice the I–IV rate (the assumed risk ratio).
    const pih = (k: 'typesItoIV' | 'typesVtoVI') =>
      quantile(
        draws.map((d) => d.get('hyperpigmentation')?.[k] ?? Number.NaN),
        0.5,
      );
    expect(pih('typesVtoVI') / pih('typesItoIV')).toBeGreaterThan(1.5);
    expect(pih('typesVtoVI') / pih('typesItoIV')).toBeLessThan(2.6);
  });

  it('has scarring, long-tailed erythema and events left open, as the published data do', () => {
    const big = syntheticCohort({ seed: 2, patients: 1500, startDate: START });
    const events = big.flatMap((j) => j.adverseEvents);
    expect(events.some((e) => e.type === 'scarring')).toBe(true);
    const erythemaDays = events
      .filter((e) => e.type === 'erythema' && e.resolutionDate)
      .map((e) => days(e.onsetDate, e.resolutionDate as string));
    // Most settle within the week; some last over 4 weeks (the chart review's 15 %, in part).
    expect(erythemaDays.filter((d) => d <= 7).length / erythemaDays.length).toBeGreaterThan(0.9);
    expect(erythemaDays.some((d) => d > 28)).toBe(true);
    expect(events.some((e) => e.resolutionDate === null)).toBe(true);
    const s = summarizeEvidence(big).strata[0];
    const pih = s.adverseEvents.find((a) => a.type === 'hyperpigmentation');
    expect(pih?.unresolvedEvents).toBeGreaterThan(0);
    expect(pih?.durationDays.median).toBeGreaterThan(28);
  });

  it('cut at a date: later records dropped, events open, unfinished series counted mid-series', () => {
    const cutoff = '2025-10-01';
    const cut = syntheticCohort({ seed: 7, startDate: START, cutoffDate: cutoff });
    const all = cut.flatMap((j) => [
      ...j.sessions.map((s) => s.date),
      ...j.assessments.map((a) => a.date),
      ...j.adverseEvents.flatMap((e) => [e.onsetDate, e.resolutionDate ?? e.onsetDate]),
    ]);
    expect(all.every((d) => d <= cutoff)).toBe(true);
    const midSeries = cut.filter(
      (j) => j.sessions.length > 0 && j.sessions.length < j.series[0].sessionDates.length,
    );
    expect(midSeries.length).toBeGreaterThan(0);
    const summary = summarizeEvidence(cut, { asOf: cutoff }).strata[0];
    expect(summary.patientsMidSeries).toBe(midSeries.length);
    expect(summary.patientsStoppedEarly).toBe(0);
    expect(summary.patientsComplete + summary.patientsMidSeries).toBe(summary.patientsTreated);
  });

  it("recovers the outcome model's mean improvement at 90 days after one session", () => {
    const world = POSTERIOR_DRAWS[7];
    const big = syntheticCohort({ seed: 5, patients: 600, startDate: START, response: world });
    const oneSession = big.filter((j) => j.sessions.length === 1 && j.patient.fitzpatrickType <= 4);
    const w = summarizeEvidence(oneSession).strata[0].windows.find((x) => x.windowId === '90d');
    // The response law itself (heal/response.ts) in that world, over patients drawn as the model's
    // virtual patients are, at these patients' own baseline grades and follow-up days.
    const rng = new Rng(1);
    const baselines = oneSession.flatMap((j) => Object.values(j.assessments[0].lemperleByZone));
    const days = oneSession.flatMap((j) =>
      j.assessments
        .filter((a) => a.gaisInvestigator !== undefined)
        .map((a) => (Date.parse(a.date) - Date.parse(j.sessions[0].date)) / 86_400_000)
        .filter((d) => d >= 60 && d <= 120),
    );
    let sum = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const p = drawModelPatient(1, rng);
      const x = seriesAreaLossFraction(days[i % days.length], [0], p.healing) / REFERENCE_ETA;
      sum += lemperleChange(x, baselines[i % baselines.length], world, p.responsivenessZ, 90);
    }
    const expected = sum / n;
    expect(w?.improvementGrades.n).toBeGreaterThan(100);
    expect(w?.improvementGrades.mean).toBeGreaterThan(expected - 0.1);
    expect(w?.improvementGrades.mean).toBeLessThan(expected + 0.1);
    // And the interval covers it.
    expect(w?.improvementGrades.ci95?.low).toBeLessThan(expected + 0.02);
    expect(w?.improvementGrades.ci95?.high).toBeGreaterThan(expected - 0.02);
  });

  it("spreads patients' 90-day results as the model does, plus only the whole-grade draw", () => {
    const world = POSTERIOR_DRAWS[3];
    const big = syntheticCohort({ seed: 9, patients: 1500, startDate: START, response: world });
    const lightOneSession = big.filter(
      (j) => j.sessions.length === 1 && j.patient.fitzpatrickType <= 4,
    );
    const w = summarizeEvidence(lightOneSession).strata[0].windows.find(
      (x) => x.windowId === '90d',
    );
    // The model's own spread for these patients in that world: baselines 2 or 3 per zone, one
    // draw of the patient's own parameters, the mean over the five zones at day 90.
    const rng = new Rng(21);
    const values = Array.from({ length: 20_000 }, () => {
      const patient = drawModelPatient(1, rng);
      let sum = 0;
      for (let k = 0; k < 5; k++) {
        const baseline = rng.next() < 0.5 ? 2 : 3;
        sum += modelImprovementGrades(baseline, 90, [0], patient, world);
      }
      return sum / 5;
    });
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const modelSd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    const sd = w?.improvementGrades.sd ?? Number.NaN;
    expect(w?.improvementGrades.n).toBeGreaterThan(300);
    // A whole-grade draw adds at most ¼ grade² per zone, 1/20 over five zones' mean; the visits
    // fall on days 80–100, not all on 90 (a little more spread).
    expect(sd).toBeGreaterThan(0.9 * modelSd);
    expect(sd).toBeLessThan(1.15 * Math.sqrt(modelSd ** 2 + 0.25 / 5));
  });

  it('grades GAIS from the fitted bar for "improved" (τ), the grades above it at stated multiples', () => {
    const world = { ...POSTERIOR_DRAWS[0], tau: 0.6 };
    expect(modelGais(0.59, world)).toBe(4);
    expect(modelGais(0.6, world)).toBe(3);
    expect(modelGais(1.2, world)).toBe(2);
    expect(modelGais(1.8, world)).toBe(1);
    expect(modelGais(-0.59, world)).toBe(4);
    expect(modelGais(-0.6, world)).toBe(5);
  });

  it('gives every adverse-event rate and duration a source, an assumption saying so', () => {
    for (const rate of ADVERSE_EVENT_RATES) {
      for (const source of [rate.basis.source, rate.duration.source, rate.riskRatioVVI.source]) {
        expect(source.length, rate.key).toBeGreaterThan(20);
      }
      if (rate.basis.assumption) expect(rate.basis.source).toMatch(/^ASSUMPTION/);
      else expect(rate.basis.source).toMatch(/PMID|ASLMS/);
      expect(rate.basis.events).toBeGreaterThanOrEqual(0);
      expect(rate.basis.events).toBeLessThanOrEqual(rate.basis.patients);
    }
  });

  it('rejects a bad size, seed or start date, naming the field', () => {
    const field = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return isMicrocoreError(e) ? e.field : 'other';
      }
      return 'none';
    };
    expect(field(() => syntheticCohort({ seed: 1, patients: 0, startDate: START }))).toBe(
      'patients',
    );
    expect(field(() => syntheticCohort({ seed: Number.NaN, startDate: START }))).toBe('seed');
    expect(field(() => syntheticCohort({ seed: 1, startDate: '2025-13-01' }))).toBe('startDate');
  });
});
