import {
  type EvidenceJourney,
  type FollowUpPrediction,
  type PredictedBesideObserved,
  predictedBesideObserved,
} from '@microcore/core';
import type { Assessment, PlanSummary, Series, TreatmentSession } from '../api/types';

/**
 * The patient page's "Predicted beside observed": which plan's stored prediction the follow-ups
 * are compared with, and the rows the core pairs (core evidence/calibration.ts), from the
 * records the page already reads. Struck-out records never count.
 */
export type PredictedObserved =
  | { readonly kind: 'no-session' }
  | { readonly kind: 'no-prediction'; readonly planId: string; readonly planCreatedAt: string }
  | {
      readonly kind: 'compared';
      readonly planId: string;
      readonly prediction: FollowUpPrediction;
      readonly rows: readonly PredictedBesideObserved[];
    };

const standing = <T extends { recordStatus?: string }>(records: readonly T[]) =>
  records.filter((r) => (r.recordStatus ?? 'current') === 'current');

export function pairFollowUps(input: {
  readonly fitzpatrickType: number;
  readonly plans: readonly PlanSummary[];
  readonly sessions: readonly TreatmentSession[];
  readonly assessments: readonly Assessment[];
  readonly series: readonly Series[];
}): PredictedObserved {
  const sessions = standing(input.sessions);
  if (sessions.length === 0) return { kind: 'no-session' };
  // The plan the latest session was recorded from: the series' result is compared with it.
  const latest = sessions.reduce((a, s) => (s.date >= a.date ? s : a));
  const plan = input.plans.find((p) => p.id === latest.planId);
  const prediction = (plan?.prediction ?? null) as FollowUpPrediction | null;
  if (!plan || !prediction)
    return {
      kind: 'no-prediction',
      planId: latest.planId,
      planCreatedAt: plan?.createdAt ?? '',
    };
  const journey: EvidenceJourney = {
    patient: {
      fitzpatrickType: input.fitzpatrickType as EvidenceJourney['patient']['fitzpatrickType'],
    },
    sessions: sessions.map((s) => ({ date: s.date, zones: s.zones })),
    assessments: standing(input.assessments).map((a) => ({
      date: a.date,
      lemperleByZone: a.lemperleByZone,
      // Only the Lemperle grades are compared here.
      gaisInvestigator: null,
      gaisSubject: null,
      satisfaction: null,
    })),
    adverseEvents: [],
    series: input.series.map((s) => ({
      startDate: s.startDate,
      sessionDates: s.sessions.map((x) => x.date),
    })),
  };
  return {
    kind: 'compared',
    planId: plan.id,
    prediction,
    rows: predictedBesideObserved(journey, prediction),
  };
}
