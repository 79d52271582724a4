import type { AdverseEventType } from '../records/types.js';
import { daysBetween } from './dates.js';
import { median } from './meanInterval.js';
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
  /** Events with a resolution date; the durations below are over these. */
  readonly resolvedEvents: number;
  readonly unresolvedEvents: number;
  readonly medianDurationDays: number | null;
  readonly maxDurationDays: number | null;
}

/** Adverse-event rates by type among treated patients (journeys given are the treated ones). */
export function summarizeAdverseEvents(treated: readonly EvidenceJourney[]): AdverseEventSummary[] {
  const n = treated.length;
  const row = (type: AdverseEventType | 'any'): AdverseEventSummary => {
    let patients = 0;
    let events = 0;
    let unresolved = 0;
    const durations: number[] = [];
    for (const journey of treated) {
      const own = journey.adverseEvents.filter((e) => type === 'any' || e.type === type);
      if (own.length > 0) patients++;
      for (const e of own) {
        events++;
        if (e.resolutionDate) durations.push(daysBetween(e.onsetDate, e.resolutionDate));
        else unresolved++;
      }
    }
    return {
      type,
      patients: proportion(patients, n),
      events,
      resolvedEvents: durations.length,
      unresolvedEvents: unresolved,
      medianDurationDays: median(durations),
      maxDurationDays: durations.length > 0 ? Math.max(...durations) : null,
    };
  };
  return [row('any'), ...ADVERSE_EVENT_TYPES.map(row)];
}
