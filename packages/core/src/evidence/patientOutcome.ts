import type {
  AdverseEventRecord,
  AssessmentRecord,
  FitzpatrickType,
  TreatmentSessionRecord,
} from '../records/types.js';
import { dayNumber } from './dates.js';
import { type FollowUpWindow, inWindow } from './windows.js';

/**
 * What the evidence statistics read of a journey: a PatientJourney fits it, and so does a
 * de-identified journey (which has no names, ids or birth date).
 */
export interface EvidenceJourney {
  readonly patient: { readonly fitzpatrickType: FitzpatrickType };
  readonly sessions: readonly Pick<TreatmentSessionRecord, 'date' | 'zones'>[];
  readonly assessments: readonly Pick<
    AssessmentRecord,
    'date' | 'lemperleByZone' | 'gaisInvestigator' | 'gaisSubject' | 'satisfaction'
  >[];
  readonly adverseEvents: readonly Pick<
    AdverseEventRecord,
    'type' | 'onsetDate' | 'resolutionDate'
  >[];
}

/** One patient's result in one follow-up window. */
export interface PatientFollowUp {
  readonly daysAfterLastSession: number;
  /** Mean over treated zones of (baseline − follow-up) Lemperle: positive = better. */
  readonly improvementGrades: number | null;
  readonly gaisInvestigator: number | null;
  readonly gaisSubject: number | null;
  readonly satisfaction: number | null;
}

export interface PatientOutcome {
  readonly fitzpatrickType: FitzpatrickType;
  readonly sessionsDone: number;
  /** By window id; a window without an assessment is absent. */
  readonly followUps: ReadonlyMap<string, PatientFollowUp>;
}

/**
 * A treated patient's outcomes per window, or null for a patient without a session (not treated,
 * so in no denominator). Baseline: the last assessment on or before the first session that grades
 * a treated zone. Follow-ups: assessments strictly after the last session; per window the one
 * nearest the window's target day (the earlier on a tie).
 */
export function patientOutcome(
  journey: EvidenceJourney,
  windows: readonly FollowUpWindow[],
): PatientOutcome | null {
  if (journey.sessions.length === 0) return null;
  const sessionDays = journey.sessions.map((s) => dayNumber(s.date, 'sessions.date'));
  const firstDay = Math.min(...sessionDays);
  const lastDay = Math.max(...sessionDays);
  const treatedZones = new Set(journey.sessions.flatMap((s) => s.zones.map((z) => z.zoneId)));

  const dated = journey.assessments
    .map((a) => ({ a, day: dayNumber(a.date, 'assessments.date') }))
    .sort((x, y) => x.day - y.day);
  let baseline: Readonly<Record<string, number>> | null = null;
  for (const { a, day } of dated) {
    if (day <= firstDay && Object.keys(a.lemperleByZone).some((z) => treatedZones.has(z))) {
      baseline = a.lemperleByZone;
    }
  }

  const followUps = new Map<string, PatientFollowUp>();
  for (const window of windows) {
    let best: { a: (typeof dated)[number]['a']; days: number } | null = null;
    for (const { a, day } of dated) {
      const days = day - lastDay;
      if (days <= 0 || !inWindow(days, window)) continue;
      if (!best || Math.abs(days - window.targetDays) < Math.abs(best.days - window.targetDays)) {
        best = { a, days };
      }
    }
    if (!best) continue;
    followUps.set(window.id, {
      daysAfterLastSession: best.days,
      improvementGrades: baseline
        ? improvement(baseline, best.a.lemperleByZone, treatedZones)
        : null,
      gaisInvestigator: best.a.gaisInvestigator ?? null,
      gaisSubject: best.a.gaisSubject ?? null,
      satisfaction: best.a.satisfaction ?? null,
    });
  }
  return {
    fitzpatrickType: journey.patient.fitzpatrickType,
    sessionsDone: journey.sessions.length,
    followUps,
  };
}

function improvement(
  baseline: Readonly<Record<string, number>>,
  followUp: Readonly<Record<string, number>>,
  treatedZones: ReadonlySet<string>,
): number | null {
  let sum = 0;
  let zones = 0;
  for (const zone of treatedZones) {
    const before = baseline[zone];
    const after = followUp[zone];
    if (typeof before !== 'number' || typeof after !== 'number') continue;
    sum += before - after;
    zones++;
  }
  return zones === 0 ? null : sum / zones;
}
