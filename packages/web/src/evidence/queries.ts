import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { EvidenceAnswer, EvidenceQuery, Stratification } from './types';

/** The three summaries the screen draws: overall, by Fitzpatrick type, by sessions done. */
export const STRATIFICATIONS: readonly Stratification[] = ['none', 'fitzpatrick', 'sessions'];

export const evidenceKeys = {
  summary: (query: EvidenceQuery, stratify: Stratification) =>
    ['evidence', 'summary', query.scope, query.includeSynthetic, stratify] as const,
};

export function useEvidenceSummary(query: EvidenceQuery, stratify: Stratification) {
  return useQuery({
    queryKey: evidenceKeys.summary(query, stratify),
    queryFn: async ({ signal }) => {
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
  });
}
