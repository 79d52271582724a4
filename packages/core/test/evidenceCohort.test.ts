import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATE,
  isMicrocoreError,
  normalDraws,
  RESPONSE_CALIBRATION,
  Rng,
  summarizeEvidence,
  syntheticCohort,
} from '../src/index.js';

const START = '2025-01-06';
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

  it('has no scarring, and hyperpigmentation more often in V–VI than I–IV', () => {
    const big = syntheticCohort({ seed: 2, patients: 1500, startDate: START });
    expect(big.flatMap((j) => j.adverseEvents).some((e) => e.type === 'scarring')).toBe(false);
    const f = summarizeEvidence(big, { stratify: 'fitzpatrick' });
    const hyper = (key: string) => {
      const s = f.strata.find((x) => x.key === key);
      return s?.adverseEvents.find((a) => a.type === 'hyperpigmentation')?.patients.rate ?? 0;
    };
    expect(hyper('V')).toBeGreaterThan(3 * hyper('II'));
    const erythema = f.strata[2].adverseEvents.find((a) => a.type === 'erythema');
    expect(erythema?.patients.rate).toBeGreaterThan(0.85);
    expect(erythema?.maxDurationDays).toBeLessThanOrEqual(5);
  });

  it("recovers the outcome model's mean improvement at 90 days after one session", () => {
    const big = syntheticCohort({ seed: 5, patients: 600, startDate: START });
    const oneSession = big.filter((j) => j.sessions.length === 1);
    const w = summarizeEvidence(oneSession).strata[0].windows.find((x) => x.windowId === '90d');
    // The cohort's response at the reference tightening and baseline 3 (the point summary of the
    // outcome calibration, heal/outcome.ts), capped at the baseline, scaled by L0/3 to these
    // patients' own mean baseline grade.
    const z = normalDraws(20_000, new Rng(1));
    const { gradesPerReferenceTightening: c, responsivenessLogSd: sigma } = RESPONSE_CALIBRATION;
    const model = z.reduce((a, v) => a + Math.min(3, c * Math.exp(sigma * v)), 0) / z.length;
    const baselines = oneSession.flatMap((j) => Object.values(j.assessments[0].lemperleByZone));
    const meanBaseline = baselines.reduce((a, b) => a + b, 0) / baselines.length;
    const expected = (model * meanBaseline) / 3;
    expect(w?.improvementGrades.n).toBeGreaterThan(150);
    expect(w?.improvementGrades.mean).toBeGreaterThan(expected - 0.1);
    expect(w?.improvementGrades.mean).toBeLessThan(expected + 0.1);
    // And the interval covers it.
    expect(w?.improvementGrades.ci95?.low).toBeLessThan(expected + 0.02);
    expect(w?.improvementGrades.ci95?.high).toBeGreaterThan(expected - 0.02);
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
