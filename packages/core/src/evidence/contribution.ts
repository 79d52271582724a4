import type { FitzpatrickType } from '../records/types.js';
import { type PatientAdverseEvent, patientAdverseEvents } from './adverseEvents.js';
import { type EvidenceJourney, type PatientCourse, patientCourse } from './patientOutcome.js';
import type { FollowUpWindow } from './windows.js';

/**
 * What one patient adds to the evidence summary (summary.ts): everything the statistics read of
 * their journey, reduced to a few numbers. The summary of a set of journeys is the aggregate of
 * their contributions (aggregateEvidence), so a server can keep each patient's contribution and
 * recompute only the patients whose records changed, instead of every journey on each request.
 *
 * Plain JSON and independent of the day the data are read: a series still booked carries the day
 * after which it counts as stopped (PatientCourse.overdueAfterDay), and the aggregate applies
 * the day. It does depend on the follow-up windows: aggregate only with the windows it was
 * computed for.
 */
export interface EvidenceContribution {
  readonly fitzpatrickType: FitzpatrickType;
  /** Null for a patient without a session: not treated, counted only as such. */
  readonly course: PatientCourse | null;
  /** The treated patient's adverse events with their durations; empty when not treated. */
  readonly adverseEvents: readonly PatientAdverseEvent[];
}

export function evidenceContribution(
  journey: EvidenceJourney,
  windows: readonly FollowUpWindow[],
): EvidenceContribution {
  const course = patientCourse(journey, windows);
  return {
    fitzpatrickType: journey.patient.fitzpatrickType,
    course,
    adverseEvents: course ? patientAdverseEvents(journey) : [],
  };
}
