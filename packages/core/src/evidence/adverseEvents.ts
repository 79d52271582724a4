import type { AdverseEventType } from '../records/types.js';
import { dayNumber } from './dates.js';
import {
  type CountedDuration,
  type Duration,
  type MedianDuration,
  medianDurationOfCounts,
} from './kaplanMeier.js';
import type { EvidenceJourney } from './patientOutcome.js';
import { type ProportionEstimate, proportion } from './proportion.js';

/** Every adverse event type, in a fixed order: a type with no event is reported as 0 / n. */
export const ADVERSE_EVENT_TYPES: readonly AdverseEventType[] = [
  'erythema',
  'oedema',
  'bruising',
  'hyperpigmentation',
  'hypopigmentation',
  'scarring',
  'infection',
  'other',
];

export interface AdverseEventSummary {
  /** An AdverseEventType, or `any` for patients with at least one event of any type. */
  readonly type: AdverseEventType | 'any';
  /** Patients with ≥ 1 such event / patients treated, with its Wilson interval. */
  readonly patients: ProportionEstimate;
  readonly events: number;
  /** Events with a resolution date. */
  readonly resolvedEvents: number;
  /** Events still open (no resolution date): censored at the patient's last contact. */
  readonly unresolvedEvents: number;
  /**
   * Duration in days by Kaplan–Meier over every event, an open one counting as lasting at least
   * until the patient's last recorded contact: its median with the Brookmeyer–Crowley interval.
   */
  readonly durationDays: MedianDuration;
}

/**
 * The last day anything was recorded for the patient (a session, an assessment, an event's onset
 * or resolution): an event still open then is known to have lasted at least until that day, and
 * nothing is known after it.
 */
export function lastContactDay(journey: EvidenceJourney): number {
  let last = Number.NEGATIVE_INFINITY;
  const see = (date: string | null | undefined) => {
    if (date) last = Math.max(last, dayNumber(date));
  };
  for (const s of journey.sessions) see(s.date);
  for (const a of journey.assessments) see(a.date);
  for (const e of journey.adverseEvents) {
    see(e.onsetDate);
    see(e.resolutionDate);
  }
  return last;
}

/** One adverse event of a patient as the statistics read it: its type and how long it lasted. */
export interface PatientAdverseEvent extends Duration {
  readonly type: AdverseEventType;
}

/** A patient's adverse events with their durations (an open one up to the last contact). */
export function patientAdverseEvents(journey: EvidenceJourney): PatientAdverseEvent[] {
  if (journey.adverseEvents.length === 0) return [];
  const lastContact = lastContactDay(journey);
  return journey.adverseEvents.map((e) => ({ type: e.type, ...durationOf(e, lastContact) }));
}

/**
 * One row of the adverse events: `patientsWith` of `patientsTreated` had at least one event of
 * `type`; `durations` are those events' durations with their counts (evidence/partial.ts).
 */
export function adverseEventSummary(
  type: AdverseEventType | 'any',
  patientsWith: number,
  patientsTreated: number,
  durations: readonly CountedDuration[],
): AdverseEventSummary {
  const durationDays = medianDurationOfCounts(durations);
  return {
    type,
    patients: proportion(patientsWith, patientsTreated),
    events: durationDays.resolved + durationDays.open,
    resolvedEvents: durationDays.resolved,
    unresolvedEvents: durationDays.open,
    durationDays,
  };
}

/** An event's duration: to its resolution, else (still open) to the patient's last contact. */
function durationOf(
  event: EvidenceJourney['adverseEvents'][number],
  lastContact: number,
): Duration {
  const onset = dayNumber(event.onsetDate, 'adverseEvents.onsetDate');
  return event.resolutionDate
    ? {
        days: dayNumber(event.resolutionDate, 'adverseEvents.resolutionDate') - onset,
        resolved: true,
      }
    : { days: Math.max(0, lastContact - onset), resolved: false };
}
