import { everyOf } from '../api/everyOf';
import type { NewConsent } from '../api/types';

/** A consent's scopes, as the API's schema allows them, and what each covers. */

export type ConsentScope = NewConsent['scope'];

export const CONSENT_SCOPES = everyOf<ConsentScope>()(['treatment', 'photography', 'research']);

export const SCOPE_LABELS: Record<ConsentScope, string> = {
  treatment: 'Treatment',
  photography: 'Photography',
  research: 'Research',
};

export const scopeLabel = (scope: string): string =>
  (SCOPE_LABELS as Record<string, string>)[scope] ?? scope;
