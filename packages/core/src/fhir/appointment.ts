import type { Appointment, Reference } from '@medplum/fhirtypes';
import { TIMED_EVENT_MINUTES } from '../protocol/calendar.js';
import { addDays } from '../protocol/dates.js';
import type { FollowUpRecord } from '../records/types.js';
import { V2_APPOINTMENT_REASON } from './codes.js';
import { fhirText, narrative } from './narrative.js';
import { type BuildContext, ids, recordIdentifier } from './shared.js';

/** The booked span in UTC, when the caller gave none (the core has no time zone data). */
function utcSpan(followUp: FollowUpRecord): { start: string; end: string } {
  if (!followUp.time)
    return { start: `${followUp.date}T00:00:00Z`, end: `${addDays(followUp.date, 1)}T00:00:00Z` };
  const start = new Date(`${followUp.date}T${followUp.time}:00Z`);
  const end = new Date(start.getTime() + TIMED_EVENT_MINUTES * 60_000);
  return {
    start: start.toISOString().replace('.000Z', 'Z'),
    end: end.toISOString().replace('.000Z', 'Z'),
  };
}

/**
 * A planned follow-up as an Appointment: a visit booked for a day (or a time) with the patient,
 * which is what a receiving system's schedule reads (docs/fhir.md "Follow-ups"). `booked` while
 * due — also once its day has passed unrecorded, since the record does not say whether the
 * patient missed it (`noshow` would claim that) — and `fulfilled` once an assessment records it;
 * the assessment's Observations are then its supporting information. A booking for a day with
 * no time spans that day in the clinic's time zone (R4 requires start and end on a booked
 * appointment, as instants).
 */
export function appointmentResource(
  ctx: BuildContext,
  followUp: FollowUpRecord,
  observationsOf: (assessmentId: string) => readonly Reference[],
): Appointment {
  const span = ctx.export.followUpSpans?.[followUp.id] ?? utcSpan(followUp);
  const recorded =
    followUp.status === 'recorded' && followUp.assessmentId ? followUp.assessmentId : undefined;
  const outcome = recorded ? observationsOf(recorded) : [];
  const when = followUp.time
    ? `${followUp.date} at ${followUp.time}`
    : `${followUp.date}, the whole day`;
  const description = 'Follow-up assessment after Micro-Coring (Lemperle per zone, GAIS)';
  return {
    resourceType: 'Appointment',
    id: ids.followUp(followUp.id),
    text: narrative(
      `${description}, booked for ${when} (clinic time).`,
      recorded
        ? 'Recorded: the assessment made on the day is its supporting information.'
        : 'Not recorded yet.',
      ...(followUp.notes ? [`Notes: ${followUp.notes}`] : []),
    ),
    identifier: [recordIdentifier('follow-up', followUp.id)],
    status: recorded ? 'fulfilled' : 'booked',
    appointmentType: {
      coding: [
        {
          system: V2_APPOINTMENT_REASON,
          code: 'FOLLOWUP',
          display: 'A follow up visit from a previous appointment',
        },
      ],
    },
    description,
    ...(outcome.length > 0 ? { supportingInformation: [...outcome] } : {}),
    start: span.start,
    end: span.end,
    ...(followUp.time ? { minutesDuration: TIMED_EVENT_MINUTES } : {}),
    ...(followUp.notes ? { comment: fhirText(followUp.notes) } : {}),
    participant: [{ actor: ctx.patientRef, required: 'required', status: 'accepted' }],
  };
}
