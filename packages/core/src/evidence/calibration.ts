import {
  type FollowUpPrediction,
  PREDICTION_FOLLOW_UP_DAYS,
  type PredictedImprovement,
} from '../heal/followUpPredictionTypes.js';
import { dayNumber } from './dates.js';
import type { Interval } from './meanInterval.js';
import { type EvidenceJourney, patientOutcome, type SeriesStatus } from './patientOutcome.js';
import { wilsonInterval } from './wilson.js';
import { DEFAULT_WINDOWS, type FollowUpWindow } from './windows.js';

/**
 * Predicted beside observed (docs/evidence.md, "Calibration"): a patient's follow-ups, each
 * window's observed Lemperle improvement (patientOutcome: baseline before the first session
 * minus the assessment nearest the window's target, mean over the treated zones) set beside the
 * prediction stored with their plan for that window's target day; and over many patients, the
 * share of observations inside their predicted interval.
 */

/** The follow-up windows a stored prediction speaks for: those whose target it was made at. */
export const CALIBRATION_WINDOWS: readonly FollowUpWindow[] = DEFAULT_WINDOWS.filter((w) =>
  (PREDICTION_FOLLOW_UP_DAYS as readonly number[]).includes(w.targetDays),
);

export interface PredictedBesideObserved {
  readonly windowId: string;
  readonly windowLabel: string;
  readonly predicted: PredictedImprovement;
  /** The window's follow-up, or null when none is recorded (yet). */
  readonly observed: {
    readonly daysAfterLastSession: number;
    /** Grades, improvement positive; null without a baseline assessment of a treated zone. */
    readonly improvementGrades: number | null;
  } | null;
  /** Whether the observation lies inside the predicted interval (ends included); null when there is none. */
  readonly inside: boolean | null;
  readonly sessionsDone: number;
  readonly sessionsAssumed: number;
  readonly seriesStatus: SeriesStatus | null;
}

/** One patient's follow-up windows beside the prediction stored with their plan. */
export function predictedBesideObserved(
  journey: EvidenceJourney,
  prediction: FollowUpPrediction,
  asOfDay: number | null = null,
): PredictedBesideObserved[] {
  // asOfDay: days since 1970-01-01 (evidence/dates.ts), or null.
  const outcome = patientOutcome(journey, CALIBRATION_WINDOWS, asOfDay);
  const rows: PredictedBesideObserved[] = [];
  for (const window of CALIBRATION_WINDOWS) {
    const predicted = prediction.timepoints.find(
      (t) => t.daysAfterLastSession === window.targetDays,
    );
    if (!predicted) continue;
    const followUp = outcome?.followUps.get(window.id);
    const observed = followUp
      ? {
          daysAfterLastSession: followUp.daysAfterLastSession,
          improvementGrades: followUp.improvementGrades,
        }
      : null;
    const grades = observed?.improvementGrades ?? null;
    rows.push({
      windowId: window.id,
      windowLabel: window.label,
      predicted,
      observed,
      inside: grades === null ? null : grades >= predicted.low && grades <= predicted.high,
      sessionsDone: outcome?.sessionsDone ?? 0,
      sessionsAssumed: prediction.inputs.sessions,
      seriesStatus: outcome?.seriesStatus ?? null,
    });
  }
  return rows;
}

export interface CalibrationPoint {
  readonly windowId: string;
  readonly daysAfterLastSession: number;
  readonly predicted: { readonly mean: number; readonly low: number; readonly high: number };
  readonly observed: number;
  readonly inside: boolean;
}

export interface OutcomeCalibration {
  /** Ordered by window, then predicted and observed value: the order says nothing of who. */
  readonly points: readonly CalibrationPoint[];
  readonly count: number;
  readonly insideCount: number;
  /** insideCount / count with its 95 % Wilson interval; null for no observations. */
  readonly shareInside: number | null;
  readonly shareInsideCi95: Interval | null;
  /** The share the intervals claim to hold (0.9 for the 5th–95th percentile), to compare with. */
  readonly nominalCoverage: number | null;
  /** Follow-ups with a stored prediction left out, by reason. */
  readonly excluded: {
    /** No baseline Lemperle grade of a treated zone before the first session. */
    readonly noBaseline: number;
    /** Sessions still booked: an interim visit, not the series' result. */
    readonly seriesNotComplete: number;
    /** The series had a different number of sessions than the prediction assumed. */
    readonly sessionsDiffer: number;
  };
}

/**
 * Every follow-up of the patients with a stored prediction, paired and summarised. `asOf` (the
 * data's day, YYYY-MM-DD) tells a series still running from one stopped (patientOutcome).
 */
export function calibrateOutcomes(
  patients: readonly {
    readonly journey: EvidenceJourney;
    readonly prediction: FollowUpPrediction | null;
  }[],
  asOf: string | null = null,
): OutcomeCalibration {
  const asOfDay = asOf === null ? null : dayNumber(asOf, 'asOf');
  const points: CalibrationPoint[] = [];
  const excluded = { noBaseline: 0, seriesNotComplete: 0, sessionsDiffer: 0 };
  const coverages = new Set<number>();
  for (const { journey, prediction } of patients) {
    if (!prediction) continue;
    for (const row of predictedBesideObserved(journey, prediction, asOfDay)) {
      if (!row.observed) continue;
      if (row.seriesStatus !== 'complete') excluded.seriesNotComplete++;
      else if (row.sessionsDone !== row.sessionsAssumed) excluded.sessionsDiffer++;
      else if (row.observed.improvementGrades === null) excluded.noBaseline++;
      else {
        const { mean, low, high } = row.predicted;
        points.push({
          windowId: row.windowId,
          daysAfterLastSession: row.observed.daysAfterLastSession,
          predicted: { mean, low, high },
          observed: row.observed.improvementGrades,
          inside: row.inside === true,
        });
        coverages.add(prediction.interval.coverage);
      }
    }
  }
  points.sort(
    (a, b) =>
      a.windowId.localeCompare(b.windowId) ||
      a.predicted.mean - b.predicted.mean ||
      a.observed - b.observed ||
      a.daysAfterLastSession - b.daysAfterLastSession,
  );
  const insideCount = points.filter((p) => p.inside).length;
  const count = points.length;
  return {
    points,
    count,
    insideCount,
    shareInside: count === 0 ? null : insideCount / count,
    shareInsideCi95: count === 0 ? null : wilsonInterval(insideCount, count),
    // One figure when every interval claims the same; otherwise none is honest to show.
    nominalCoverage: coverages.size === 1 ? [...coverages][0] : null,
    excluded,
  };
}
