import type {
  AdverseEventRecord,
  AssessmentRecord,
  FitzpatrickType,
  SeriesRecord,
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
  /** The booked series; without them every patient's sessions are taken as the whole course. */
  readonly series?: readonly Pick<SeriesRecord, 'startDate' | 'sessionDates'>[];
}

/**
 * Where a treated patient's course stands. `mid-series`: sessions still booked and not overdue,
 * so any visit so far is an interim one, not a result. `stopped-early`: fewer sessions than
 * booked and the next one overdue by more than SERIES_OVERDUE_DAYS. `complete`: every booked
 * session done (or none booked beyond those done).
 */
export type SeriesStatus = 'complete' | 'mid-series' | 'stopped-early';

/**
 * A booked session this many days past with no session recorded, and the series counts as
 * stopped: a clinic setting more than a source (a session is often moved by a few weeks; two
 * missed six-week intervals is not a postponement).
 */
export const SERIES_OVERDUE_DAYS = 90;

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
  /** Sessions done plus those still booked. */
  readonly sessionsPlanned: number;
  readonly seriesStatus: SeriesStatus;
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
  asOfDay: number | null = null,
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
  const course = seriesCourse(
    journey,
    sessionDays,
    dated.map((d) => d.day),
    asOfDay,
  );
  return {
    fitzpatrickType: journey.patient.fitzpatrickType,
    sessionsDone: journey.sessions.length,
    sessionsPlanned: course.planned,
    seriesStatus: course.status,
    followUps,
  };
}

/**
 * Sessions planned and the course's status, from the latest booked series (a rebooking replaces
 * the earlier one): the sessions before it plus its booked dates. The next booked session not
 * done is overdue when a later contact (an assessment) or the data's `asOfDay` lies more than
 * SERIES_OVERDUE_DAYS after it.
 */
function seriesCourse(
  journey: EvidenceJourney,
  sessionDays: readonly number[],
  assessmentDays: readonly number[],
  asOfDay: number | null,
): { planned: number; status: SeriesStatus } {
  const done = sessionDays.length;
  let latest: { start: number; dates: number[] } | null = null;
  for (const s of journey.series ?? []) {
    const start = dayNumber(s.startDate, 'series.startDate');
    if (latest === null || start >= latest.start) {
      latest = { start, dates: s.sessionDates.map((d) => dayNumber(d, 'series.sessionDates')) };
    }
  }
  if (latest === null) return { planned: done, status: 'complete' };
  const start = latest.start;
  const before = sessionDays.filter((d) => d < start).length;
  const planned = Math.max(done, before + latest.dates.length);
  if (done >= planned) return { planned, status: 'complete' };
  const nextBooked = [...latest.dates].sort((a, b) => a - b)[done - before];
  const lastContact = Math.max(...sessionDays, ...assessmentDays);
  const overdueBy = Math.max(lastContact, asOfDay ?? Number.NEGATIVE_INFINITY) - nextBooked;
  return { planned, status: overdueBy > SERIES_OVERDUE_DAYS ? 'stopped-early' : 'mid-series' };
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
