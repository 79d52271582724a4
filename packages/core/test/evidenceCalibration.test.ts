import { describe, expect, it } from 'vitest';
import {
  calibrateOutcomes,
  type EvidenceJourney,
  type FollowUpPrediction,
  predictedBesideObserved,
} from '../src/index.js';

/** A stored prediction with the intervals given (only what the pairing reads is meaningful). */
function prediction(sessions: number, at90: [number, number], at180: [number, number]) {
  const point = (days: number, [low, high]: [number, number]) => ({
    daysAfterLastSession: days,
    mean: (low + high) / 2,
    low,
    high,
  });
  return {
    schemaVersion: 1,
    label: 'model estimate — not a promise of outcome',
    quantity: 'lemperle-improvement',
    quantityMeaning: '',
    madeAt: '2026-01-01T00:00:00.000Z',
    model: { simulationSchemaVersion: 3, parametersId: 'test' },
    inputs: {
      sessions,
      intervalWeeks: 6,
      fitzpatrickType: 2,
      baselineLemperle: 3,
      baselineSource: 'assessment',
      baselineAssessmentDate: '2026-01-01',
      cohortSize: 1000,
      seed: 1,
    },
    interval: { coverage: 0.9, meaning: '' },
    timepoints: [point(90, at90), point(180, at180)],
  } satisfies FollowUpPrediction;
}

/** One session on 2026-02-01 (cheeks), a baseline before it, follow-ups as given (date → grades). */
function journey(
  followUps: Record<string, Record<string, number>>,
  baseline: Record<string, number> | null = { 'cheek-left': 3, 'cheek-right': 4 },
): EvidenceJourney {
  const zones = [
    { zoneId: 'cheek-left', coresDelivered: 100 },
    { zoneId: 'cheek-right', coresDelivered: 100 },
  ];
  return {
    patient: { fitzpatrickType: 2 },
    sessions: [{ date: '2026-02-01', zones }],
    assessments: [
      ...(baseline ? [{ date: '2026-01-20', lemperleByZone: baseline }] : []),
      ...Object.entries(followUps).map(([date, lemperleByZone]) => ({ date, lemperleByZone })),
    ],
    adverseEvents: [],
  };
}

describe('predicted beside observed', () => {
  it('pairs the 90- and 180-day windows with the prediction for their target day', () => {
    // Day 91 after the session: cheeks 2 and 2 → improvement (1 + 2) / 2 = 1.5.
    const rows = predictedBesideObserved(
      journey({ '2026-05-03': { 'cheek-left': 2, 'cheek-right': 2 } }),
      prediction(1, [0.5, 1.4], [0.4, 2]),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      windowId: '90d',
      observed: { daysAfterLastSession: 91, improvementGrades: 1.5 },
      predicted: { low: 0.5, high: 1.4 },
      inside: false,
    });
    expect(rows[1]).toMatchObject({ windowId: '180d', observed: null, inside: null });
  });

  it('the share inside over patients, with the excluded counted by reason (hand-computed)', () => {
    const p = prediction(1, [0.5, 1.5], [0, 1]);
    const calibration = calibrateOutcomes([
      // 1.5 at 91 days: inside [0.5, 1.5] (ends included); 0.5 at 182 days: inside [0, 1].
      {
        journey: journey({
          '2026-05-03': { 'cheek-left': 2, 'cheek-right': 2 },
          '2026-08-02': { 'cheek-left': 3, 'cheek-right': 3 },
        }),
        prediction: p,
      },
      // 0 at 90 days: outside.
      { journey: journey({ '2026-05-02': { 'cheek-left': 3, 'cheek-right': 4 } }), prediction: p },
      // No baseline: excluded.
      { journey: journey({ '2026-05-02': { 'cheek-left': 1 } }, null), prediction: p },
      // The prediction assumed two sessions, one was done: excluded.
      {
        journey: journey({ '2026-05-02': { 'cheek-left': 2, 'cheek-right': 3 } }),
        prediction: prediction(2, [0.5, 1.5], [0, 1]),
      },
      // No prediction stored: not counted anywhere.
      {
        journey: journey({ '2026-05-02': { 'cheek-left': 2, 'cheek-right': 3 } }),
        prediction: null,
      },
    ]);
    expect(calibration).toMatchObject({
      count: 3,
      insideCount: 2,
      nominalCoverage: 0.9,
      excluded: { noBaseline: 1, sessionsDiffer: 1, seriesNotComplete: 0 },
    });
    expect(calibration.shareInside).toBeCloseTo(2 / 3, 12);
    // Wilson 95 % for 2 of 3: centre (2/3 + z²/6) / (1 + z²/3), half-width
    // z/(1 + z²/3) · √((2/3)(1/3)/3 + z²/36) with z = 1.96: 0.2077 to 0.9385.
    expect(calibration.shareInsideCi95?.low).toBeCloseTo(0.2077, 4);
    expect(calibration.shareInsideCi95?.high).toBeCloseTo(0.9385, 4);
    expect(calibration.points.map((x) => [x.windowId, x.observed, x.inside])).toEqual([
      ['180d', 0.5, true],
      ['90d', 0, false],
      ['90d', 1.5, true],
    ]);
  });

  it('no observation: no share, no interval', () => {
    const c = calibrateOutcomes([
      { journey: journey({}), prediction: prediction(1, [0, 1], [0, 1]) },
    ]);
    expect(c).toMatchObject({ count: 0, shareInside: null, shareInsideCi95: null });
  });
});
