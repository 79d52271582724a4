import type { AdverseEvent, NewAdverseEvent } from '../api/types';

/**
 * The adverse event form's fields as typed ('' for nothing chosen) and the body they make.
 * Nothing is checked here: the server's rules decide (records/adverseEvent.ts) and its 422 names
 * each field.
 */
export interface AdverseEventFormValues {
  type: string;
  description: string;
  onsetDate: string;
  resolutionDate: string;
  severity: string;
  relatedness: string;
  sessionId: string;
}

export const EMPTY_ADVERSE_EVENT: AdverseEventFormValues = {
  type: '',
  description: '',
  onsetDate: '',
  resolutionDate: '',
  severity: '',
  relatedness: '',
  sessionId: '',
};

export const ADVERSE_EVENT_FIELD_LABELS: Readonly<Record<keyof AdverseEventFormValues, string>> = {
  type: 'Type',
  description: 'Description',
  onsetDate: 'Onset date',
  resolutionDate: 'Resolution date',
  severity: 'Severity',
  relatedness: 'Relatedness to the treatment',
  sessionId: 'Session it followed',
};

/** How a sentence names each field ("Enter the onset date."). */
export const ADVERSE_EVENT_FIELD_NOUNS: Readonly<Record<keyof AdverseEventFormValues, string>> = {
  type: 'type of event',
  description: 'description',
  onsetDate: 'onset date',
  resolutionDate: 'resolution date',
  severity: 'severity',
  relatedness: 'relatedness to the treatment',
  sessionId: 'session it followed',
};

/** The fields in the form's order (the first with an error gets the focus). */
export const ADVERSE_EVENT_FIELDS = Object.keys(
  ADVERSE_EVENT_FIELD_LABELS,
) as (keyof AdverseEventFormValues)[];

/**
 * The body of a new adverse event. A choice not made is left out, so the server names it; an
 * empty description, resolution date or session is null (none).
 */
export function adverseEventBody(values: AdverseEventFormValues): NewAdverseEvent {
  const optional = (text: string) => (text.trim() === '' ? null : text.trim());
  const body = {
    type: values.type === '' ? undefined : values.type,
    description: optional(values.description),
    onsetDate: values.onsetDate,
    resolutionDate: optional(values.resolutionDate),
    severity: values.severity === '' ? undefined : values.severity,
    relatedness: values.relatedness === '' ? undefined : values.relatedness,
    sessionId: optional(values.sessionId),
  };
  const given = Object.entries(body).filter(([, value]) => value !== undefined);
  return Object.fromEntries(given) as unknown as NewAdverseEvent;
}

/** A recorded adverse event as its form's values. */
export const adverseEventValuesOf = (event: AdverseEvent): AdverseEventFormValues => ({
  type: event.type,
  description: event.description ?? '',
  onsetDate: event.onsetDate,
  resolutionDate: event.resolutionDate ?? '',
  severity: event.severity,
  relatedness: event.relatedness,
  sessionId: event.sessionId ?? '',
});
