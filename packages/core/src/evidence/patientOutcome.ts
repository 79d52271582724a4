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
 * A treated patient's course as far as it does not depend on the day the data are read: the
 * outcomes per window and where the series stands by the patient's own visits. Plain JSON, so it
 * can be stored and the day applied later (seriesStatusOn).
 */
export interface PatientCourse {
  readonly sessionsDone: number;
  /** Sessions done plus those still booked. */
  readonly sessionsPlanned: number;
  /**
   * `booked`: sessions still booked and not overdue by the patient's own later visits; mid-series
   * until the day the data are read passes `overdueAfterDay`, stopped early after it.
   */
  readonly series: 'complete' | 'stopped-early' | 'booked';
  /** For `booked`: the next booked day + SERIES_OVERDUE_DAYS (days since 1970-01-01); else null. */
  readonly overdueAfterDay: number | null;
  /** Per window, in the order of the windows it was computed for; null without an assessment. */
  readonly followUps: readonly (PatientFollowUp | null)[];
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
  const course = patientCourse(journey, windows);
  if (!course) return null;
  const followUps = new Map<string, PatientFollowUp>();
  windows.forEach((window, i) => {
    const followUp = course.followUps[i];
    if (followUp) followUps.set(window.id, followUp);
  });
  return {
    fitzpatrickType: journey.patient.fitzpatrickType,
    sessionsDone: course.sessionsDone,
    sessionsPlanned: course.sessionsPlanned,
    seriesStatus: seriesStatusOn(course, asOfDay),
    followUps,
  };
}

/** Where the course stands on `asOfDay` (null: by the patient's own visits alone). */
export function seriesStatusOn(course: PatientCourse, asOfDay: number | null): SeriesStatus {
  if (course.series !== 'booked') return course.series;
  return asOfDay !== null && course.overdueAfterDay !== null && asOfDay > course.overdueAfterDay
    ? 'stopped-early'
    : 'mid-series';
}

/** patientOutcome without the day the data are read; null for a patient without a session. */
export function patientCourse(
  journey: EvidenceJourney,
  windows: readonly FollowUpWindow[],
): PatientCourse | null {
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

  const followUps = windows.map((window): PatientFollowUp | null => {
    let best: { a: (typeof dated)[number]['a']; days: number } | null = null;
    for (const { a, day } of dated) {
      const days = day - lastDay;
      if (days <= 0 || !inWindow(days, window)) continue;
      if (!best || Math.abs(days - window.targetDays) < Math.abs(best.days - window.targetDays)) {
        best = { a, days };
      }
    }
    if (!best) return null;
    return {
      daysAfterLastSession: best.days,
      improvementGrades: baseline
        ? improvement(baseline, best.a.lemperleByZone, treatedZones)
        : null,
      gaisInvestigator: best.a.gaisInvestigator ?? null,
      gaisSubject: best.a.gaisSubject ?? null,
      satisfaction: best.a.satisfaction ?? null,
    };
  });
  const course = seriesCourse(
    journey,
    sessionDays,
    dated.map((d) => d.day),
  );
  return { sessionsDone: journey.sessions.length, ...course, followUps };
}

/**
 * Sessions planned and the course's status, from the latest booked series (a rebooking replaces
 * the earlier one): the sessions before it plus its booked dates. The next booked session not
 * done is overdue when a later contact (an assessment) lies more than SERIES_OVERDUE_DAYS after
 * it; otherwise the day the data are read decides (seriesStatusOn).
 */
function seriesCourse(
  journey: EvidenceJourney,
  sessionDays: readonly number[],
  assessmentDays: readonly number[],
): Pick<PatientCourse, 'sessionsPlanned' | 'series' | 'overdueAfterDay'> {
  const done = sessionDays.length;
  let latest: { start: number; dates: number[] } | null = null;
  for (const s of journey.series ?? []) {
    const start = dayNumber(s.startDate, 'series.startDate');
    if (latest === null || start >= latest.start) {
      latest = { start, dates: s.sessionDates.map((d) => dayNumber(d, 'series.sessionDates')) };
    }
  }
  const complete = (planned: number) =>
    ({ sessionsPlanned: planned, series: 'complete', overdueAfterDay: null }) as const;
  if (latest === null) return complete(done);
  const start = latest.start;
  const before = sessionDays.filter((d) => d < start).length;
  const planned = Math.max(done, before + latest.dates.length);
  if (done >= planned) return complete(planned);
  const nextBooked = [...latest.dates].sort((a, b) => a - b)[done - before];
  const lastContact = Math.max(...sessionDays, ...assessmentDays);
  return lastContact - nextBooked > SERIES_OVERDUE_DAYS
    ? { sessionsPlanned: planned, series: 'stopped-early', overdueAfterDay: null }
    : {
        sessionsPlanned: planned,
        series: 'booked',
        overdueAfterDay: nextBooked + SERIES_OVERDUE_DAYS,
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
