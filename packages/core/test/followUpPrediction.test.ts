import { describe, expect, it } from 'vitest';
import {
  type FollowUpPredictionInputs,
  followUpPredictor,
  PREDICTION_FOLLOW_UP_DAYS,
  planTreatment,
  predictFollowUps,
  simulateTreatment,
} from '../src/index.js';

/**
 * The stored follow-up prediction (heal/followUpPrediction.ts): one patient's prediction is the
 * simulation run with all of that patient's inputs, and the many-patient predictor (the demo
 * seed's) gives each patient exactly that, though patients who share sessions and interval
 * share one run.
 */
const plan = planTreatment({ zones: ['submental', 'jawline-left'], seed: 3 });
const madeAt = new Date('2026-03-02T12:00:00Z');
const ID = 'test-parameters';

const patient = (
  sessions: number,
  fitzpatrickType: number,
  grades: Record<string, number> | null,
): FollowUpPredictionInputs => ({
  sessions,
  intervalWeeks: 6,
  fitzpatrickType,
  latestAssessment: grades && { date: '2026-03-01', lemperleByZone: grades },
});

/** The prediction's numbers computed the plain way: one run with every input of this patient. */
function aloneRun(inputs: FollowUpPredictionInputs, baseline: number) {
  const lastSessionDay = (inputs.sessions - 1) * inputs.intervalWeeks * 7;
  const run = simulateTreatment(plan, {
    sessions: inputs.sessions,
    intervalWeeks: inputs.intervalWeeks,
    baselineLemperle: baseline,
    fitzpatrick: inputs.fitzpatrickType,
    days: PREDICTION_FOLLOW_UP_DAYS.map((d) => lastSessionDay + d),
  });
  return PREDICTION_FOLLOW_UP_DAYS.map((days) => {
    const { lemperleChange: c } = run.outcomeAt(lastSessionDay + days);
    const r = (v: number) => Math.round(v * 1000) / 1000;
    return { daysAfterLastSession: days, mean: r(c.mean), low: r(c.low), high: r(c.high) };
  });
}

describe('the follow-up prediction', () => {
  // Same sessions, different skin types and baselines (one assumed): one shared run of the model.
  const patients = [
    { inputs: patient(2, 1, { submental: 2, 'jawline-left': 3 }), baseline: 2.5 },
    { inputs: patient(2, 6, { submental: 4, 'jawline-left': 4, neck: 1 }), baseline: 4 },
    { inputs: patient(2, 3, null), baseline: 3 },
    { inputs: patient(1, 5, { submental: 3, 'jawline-left': 2 }), baseline: 2.5 },
  ];

  // Each patient's prediction made alone, as a plan's save makes it.
  const alone = patients.map(({ inputs }) => predictFollowUps(plan, inputs, madeAt, ID));

  it("is the simulation run with the patient's own baseline and skin type", () => {
    patients.forEach(({ inputs, baseline }, i) => {
      expect(alone[i].timepoints).toEqual(aloneRun(inputs, baseline));
      expect(alone[i].inputs.baselineLemperle).toBe(baseline);
      expect(alone[i].inputs.fitzpatrickType).toBe(inputs.fitzpatrickType);
    });
  });

  it('made for many patients of one plan, each gets exactly their prediction made alone', () => {
    const predict = followUpPredictor(plan, ID);
    const together = patients.map(({ inputs }) => predict(inputs, madeAt));
    expect(together).toEqual(alone);
    // Not one answer for all: the baselines and sessions differ, and so do the predictions.
    expect(new Set(together.map((p) => JSON.stringify(p.timepoints))).size).toBe(patients.length);
    expect(together[2].inputs.baselineSource).toBe('assumed');
  });

  it('refuses a skin type outside I–VI, as the simulation did', () => {
    expect(() => predictFollowUps(plan, patient(1, 7, null), madeAt, ID)).toThrow(/fitzpatrick/);
  });
});
