import { describe, expect, it } from 'vitest';
import type { Assessment, PlanSummary, TreatmentSession } from '../src/api/types';
import { calibrationPlot } from '../src/evidence/calibrationPlot';
import { pairFollowUps } from '../src/predictedObserved/pairFollowUps';

const box = { width: 500, height: 400, margin: { left: 50, right: 50, top: 0, bottom: 100 } };

describe('the calibration plot', () => {
  it('one scale for both axes, so observed = predicted is the diagonal', () => {
    const plot = calibrationPlot(
      [{ predicted: { mean: 1, low: 0.2, high: 1.8 }, observed: 2, inside: false }],
      box,
    );
    expect([plot.min, plot.max]).toEqual([-1, 3]);
    expect(plot.ticks).toEqual([-1, 0, 1, 2, 3]);
    // 400 px wide for 4 grades, 300 px high for 4 grades.
    expect(plot.x(-1)).toBe(50);
    expect(plot.x(3)).toBe(450);
    expect(plot.y(-1)).toBe(300);
    expect(plot.y(3)).toBe(0);
    // Grade 0.2 lies 1.2 of 4 grades up (300 − 90 = 210 px), 1.8 lies 2.8 up (300 − 210 = 90 px).
    const [point] = plot.points;
    expect([point.cx, point.cy, point.inside]).toEqual([250, 75, false]);
    expect(point.barLow).toBeCloseTo(210, 9);
    expect(point.barHigh).toBeCloseTo(90, 9);
  });

  it('widens to whole grades that hold every interval and observation', () => {
    const plot = calibrationPlot(
      [{ predicted: { mean: 1, low: -1.2, high: 3.4 }, observed: -2.5, inside: false }],
      box,
    );
    expect([plot.min, plot.max]).toEqual([-3, 4]);
  });
});

describe('the patient page pairing', () => {
  const session = (date: string, planId: string, recordStatus = 'current') =>
    ({
      date,
      planId,
      zones: [{ zoneId: 'submental', coresDelivered: 90 }],
      recordStatus,
    }) as unknown as TreatmentSession;
  const assessment = (date: string, grade: number, recordStatus = 'current') =>
    ({ date, lemperleByZone: { submental: grade }, recordStatus }) as unknown as Assessment;
  const prediction = {
    schemaVersion: 1,
    inputs: { sessions: 1 },
    interval: { coverage: 0.9 },
    timepoints: [
      { daysAfterLastSession: 90, mean: 1, low: 0.5, high: 1.5 },
      { daysAfterLastSession: 180, mean: 1, low: 0.5, high: 1.5 },
    ],
  };
  const plan = (id: string, withPrediction: boolean) =>
    ({
      id,
      createdAt: '2026-01-01T00:00:00Z',
      prediction: withPrediction ? prediction : null,
    }) as unknown as PlanSummary;

  it('compares with the plan of the latest standing session; a struck-out follow-up is left out', () => {
    const result = pairFollowUps({
      fitzpatrickType: 2,
      plans: [plan('old', false), plan('new', true)],
      sessions: [session('2026-02-01', 'new'), session('2026-03-01', 'old', 'entered-in-error')],
      assessments: [
        assessment('2026-01-20', 4),
        assessment('2026-05-02', 3),
        assessment('2026-05-01', 1, 'entered-in-error'),
      ],
      series: [],
    });
    expect(result.kind).toBe('compared');
    if (result.kind !== 'compared') return;
    expect(result.planId).toBe('new');
    expect(result.rows[0]).toMatchObject({
      windowId: '90d',
      observed: { daysAfterLastSession: 90, improvementGrades: 1 },
      inside: true,
    });
  });

  it('a plan without a stored prediction says so; no session, nothing to compare', () => {
    const base = { fitzpatrickType: 2, assessments: [], series: [] };
    expect(
      pairFollowUps({
        ...base,
        plans: [plan('old', false)],
        sessions: [session('2026-02-01', 'old')],
      }),
    ).toMatchObject({ kind: 'no-prediction', planId: 'old' });
    expect(pairFollowUps({ ...base, plans: [], sessions: [] })).toEqual({ kind: 'no-session' });
  });
});
