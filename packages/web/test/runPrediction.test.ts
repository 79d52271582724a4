import { MODEL_ESTIMATE_LABEL, planTreatment } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { areaChart, gaisChart, lemperleChart, yRange } from '../src/prediction/chartData.js';
import type { PredictResult } from '../src/prediction/predictProtocol.js';
import { transferablesOf } from '../src/prediction/predictProtocol.js';
import { runPrediction } from '../src/prediction/runPrediction.js';

describe('the prediction job (what the worker runs)', () => {
  const plan = planTreatment({ zones: ['submental'] });
  const steps: Array<[number, string]> = [];
  const message = runPrediction(
    { plan, sessions: 2, intervalWeeks: 6, baselineLemperle: 3, lastDay: 180 },
    (fraction, step) => steps.push([fraction, step]),
  );
  if (message.kind !== 'result') throw new Error(`prediction failed: ${JSON.stringify(message)}`);
  const { simulation, course, field } = message.result as PredictResult;

  it('reports progress from 0 to 1, rising', () => {
    const fractions = steps.map(([f]) => f);
    expect(fractions[fractions.length - 1]).toBe(1);
    for (let k = 1; k < fractions.length; k++)
      expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]);
    expect(steps.map(([, step]) => step)).toContain('solving the tightening field');
  });

  it('passes the patient’s skin type to the model, whose domain warning names it', () => {
    const typeSix = runPrediction(
      { plan, sessions: 1, intervalWeeks: 6, baselineLemperle: 3, fitzpatrick: 6, lastDay: 90 },
      () => {},
    );
    if (typeSix.kind !== 'result') throw new Error('prediction failed');
    expect(typeSix.result.simulation.warnings.map((w) => w.code)).toContain(
      'domain.skin-type-not-studied',
    );
    expect(simulation.warnings.map((w) => w.code)).not.toContain('domain.skin-type-not-studied');
  });

  it('labels the simulation as a model estimate, with the sessions asked for', () => {
    expect(simulation.label).toBe(MODEL_ESTIMATE_LABEL);
    expect(simulation.sessions.map((s) => s.day)).toEqual([0, 42]);
    expect(simulation.outcome.day).toBe(180);
  });

  it('gives every day 0–180, agreeing with the simulation’s own timeline and outcome', () => {
    expect(course.days.length).toBe(181);
    expect(course.days[180]).toBe(180);
    for (const t of simulation.timeline) {
      // Loss is minus the change; the timeline rounds to 1e-6.
      expect(course.areaLoss.value[t.day]).toBeCloseTo(-t.areaChangeFraction, 6);
      expect(course.areaLoss.low[t.day]).toBeCloseTo(-t.areaChangeInterval.high, 6);
      expect(course.areaLoss.high[t.day]).toBeCloseTo(-t.areaChangeInterval.low, 6);
      expect(course.epithelialCover[t.day]).toBeCloseTo(t.epithelialCover, 4);
    }
    const outcome = simulation.outcome;
    expect(course.lemperleChange.value[180]).toBeCloseTo(outcome.lemperleChange.mean, 3);
    expect(course.lemperleChange.low[180]).toBeCloseTo(outcome.lemperleChange.low, 3);
    expect(course.lemperleChange.high[180]).toBeCloseTo(outcome.lemperleChange.high, 3);
    expect(course.gaisImproved.value[180]).toBeCloseTo(outcome.gaisImprovedFraction, 4);
    // Nothing on the day of the first session; the second session deepens the loss.
    expect(course.areaLoss.value[0]).toBe(0);
    expect(course.eta[0]).toBe(0);
    expect(course.areaLoss.value[90]).toBeGreaterThan(course.areaLoss.value[41]);
    for (let day = 0; day <= 180; day++) {
      expect(course.areaLoss.low[day]).toBeLessThanOrEqual(course.areaLoss.value[day] + 1e-12);
      expect(course.areaLoss.high[day]).toBeGreaterThanOrEqual(course.areaLoss.value[day] - 1e-12);
      expect(course.gaisImproved.low[day]).toBeLessThanOrEqual(course.gaisImproved.value[day]);
      expect(course.gaisImproved.high[day]).toBeGreaterThanOrEqual(course.gaisImproved.value[day]);
    }
  });

  it('sends the field per unit η: area loss at the nodes equals the day’s nominal loss on average', () => {
    expect(field.nodalAreaLoss.length).toBe(field.nodesXY.length / 2);
    expect(field.arrows.length % 4).toBe(0);
    expect(field.arrows.length).toBeGreaterThan(0);
    // The treated skin loses area: the largest nodal loss is positive.
    expect(Math.max(...field.nodalAreaLoss)).toBeGreaterThan(0);
    // Every array moves to the page (no copy), each buffer once.
    const buffers = transferablesOf(message.result);
    expect(new Set(buffers).size).toBe(buffers.length);
  });

  it('shapes the charts in their units: percent for area and GAIS, grades for Lemperle', () => {
    const area = areaChart(course, simulation.outcome.cohortSize);
    expect(area.data[0]).toBe(course.days);
    expect(area.data[1][90]).toBeCloseTo(course.areaLoss.value[90] * 100, 12);
    expect(area.data[2][90]).toBeCloseTo(course.areaLoss.low[90] * 100, 12);
    expect(area.data[3][90]).toBeCloseTo(course.areaLoss.high[90] * 100, 12);
    expect(area.axisDigits).toBe(2);
    expect(areaChart(course, 1000, 'en-GB').bandLabel).toBe('90 % of 1,000 virtual patients (%)');
    expect(gaisChart(course, 1000).axisDigits).toBe(0);
    expect(lemperleChart(course, 1000).data[1][180]).toBe(course.lemperleChange.value[180]);
    expect(gaisChart(course, 1000).data[3][180]).toBeCloseTo(
      course.gaisImproved.high[180] * 100,
      12,
    );
    const [low, high] = yRange(area.data);
    expect(low).toBe(0);
    expect(high).toBeGreaterThan(Math.max(...area.data[3]));
  });

  it('returns a plan the core refuses as an error with its code and field, not an exception', () => {
    const refused = runPrediction(
      { plan: { kind: 'other' }, sessions: 1, intervalWeeks: 6, baselineLemperle: 3, lastDay: 180 },
      () => {},
    );
    expect(refused).toMatchObject({
      kind: 'error',
      code: 'simulation.invalid-plan',
      field: 'plan',
    });
    const badBaseline = runPrediction(
      { plan, sessions: 1, intervalWeeks: 6, baselineLemperle: 9, lastDay: 180 },
      () => {},
    );
    expect(badBaseline).toMatchObject({ kind: 'error', field: 'baselineLemperle' });
  });
});
