import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';

/**
 * The screening checklist, which the journey's screens read beside the patient's records (those
 * are read through patients/recordQueries.ts).
 */

export const checklistKey = ['screening-checklist'] as const;

export function useChecklist() {
  return useQuery({
    queryKey: checklistKey,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/screening/checklist', { signal })),
    // Rules, not patient data: they change with a release, not during a visit.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
