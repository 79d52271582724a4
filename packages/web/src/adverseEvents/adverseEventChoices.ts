import { everyOf } from '../api/everyOf';
import type { NewAdverseEvent } from '../api/types';

/** The adverse event's choices, as the API's schema allows them, and their words. */

export type AdverseEventType = NewAdverseEvent['type'];
export type Severity = NewAdverseEvent['severity'];
export type Relatedness = NewAdverseEvent['relatedness'];

export const ADVERSE_EVENT_TYPES = everyOf<AdverseEventType>()([
  'erythema',
  'oedema',
  'bruising',
  'hyperpigmentation',
  'hypopigmentation',
  'scarring',
  'infection',
  'other',
]);

export const TYPE_LABELS: Record<AdverseEventType, string> = {
  erythema: 'Erythema (redness)',
  oedema: 'Oedema (swelling)',
  bruising: 'Bruising',
  hyperpigmentation: 'Hyperpigmentation (darker skin)',
  hypopigmentation: 'Hypopigmentation (lighter skin)',
  scarring: 'Scarring',
  infection: 'Infection',
  other: 'Other (describe it)',
};

export const SEVERITIES = everyOf<Severity>()(['mild', 'moderate', 'severe']);

export const SEVERITY_LABELS: Record<Severity, string> = {
  mild: 'Mild',
  moderate: 'Moderate',
  severe: 'Severe',
};

export const RELATEDNESS = everyOf<Relatedness>()([
  'not-related',
  'unlikely',
  'possible',
  'probable',
  'definite',
]);

export const RELATEDNESS_LABELS: Record<Relatedness, string> = {
  'not-related': 'Not related',
  unlikely: 'Unlikely',
  possible: 'Possible',
  probable: 'Probable',
  definite: 'Definite',
};

const lookup =
  <K extends string>(labels: Record<K, string>) =>
  (value: string): string =>
    (labels as Record<string, string>)[value] ?? value;

export const typeLabel = lookup(TYPE_LABELS);
export const severityLabel = lookup(SEVERITY_LABELS);
export const relatednessLabel = lookup(RELATEDNESS_LABELS);
