import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Clinic, Me } from '../api/types';
import type { EvidenceAnswer, EvidenceQuery, Stratification } from './types';

/** The three summaries the screen draws: overall, by Fitzpatrick type, by sessions done. */
export const STRATIFICATIONS: readonly Stratification[] = ['none', 'fitzpatrick', 'sessions'];

export const evidenceKeys = {
  summary: (query: EvidenceQuery, stratify: Stratification) =>
    ['evidence', 'summary', query.scope, query.includeSynthetic, stratify] as const,
};

/**
 * What the screen first asks for: an admin their clinic; a researcher the pool, with the demo
 * cohort when their clinic is the demo clinic (under the banner), a real pool only otherwise.
 */
export function initialEvidenceQuery(
  me: Me | undefined,
  clinic: Clinic | undefined,
): EvidenceQuery {
  const researcher = me?.role === 'researcher';
  return {
    scope: researcher ? 'pooled' : 'clinic',
    includeSynthetic: researcher && clinic?.demo === true,
  };
}

export function useEvidenceSummary(query: EvidenceQuery, stratify: Stratification) {
  return useQuery(summaryQuery(query, stratify));
}

/** One summary's query, for the screen and for the route that starts it early (routes.tsx). */
export function summaryQuery(query: EvidenceQuery, stratify: Stratification) {
  return {
    queryKey: evidenceKeys.summary(query, stratify),
    queryFn: async ({ signal }: { signal: AbortSignal }) => {
      const answer = unwrap(
        await api.GET('/api/evidence/summary', {
          params: {
            query: {
              stratify,
              scope: query.scope,
              includeSynthetic: query.includeSynthetic ? 'true' : 'false',
            },
          },
          signal,
        }),
      );
      // The schema types the envelope only; the rest is the core's EvidenceSummary (types.ts).
      return answer as unknown as EvidenceAnswer;
    },
  };
}
