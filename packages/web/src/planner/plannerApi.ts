import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import { patientKeys } from '../patients/queries';
import { recordKeys, storedPlanQuery } from '../patients/recordQueries';
import type { PlanRequestBody } from './planSettings';

/** The planner's reads and its one write, cached beside the patient screens' (recordQueries.ts). */

export function useStoredPlan(patientId: string, planId: string | undefined) {
  return useQuery({
    ...storedPlanQuery(patientId, planId ?? ''),
    enabled: planId !== undefined,
  });
}

/**
 * Save a plan: the server plans the body again (same seed, same cores) and keeps it. The new plan
 * is put in the cache (its screen opens without asking again) and the patient's list of plans is
 * read again.
 */
export function useSavePlan(patientId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: PlanRequestBody) =>
      unwrap(
        await api.POST('/api/patients/{id}/plans', { params: { path: { id: patientId } }, body }),
      ),
    onSuccess: (stored) => {
      queryClient.setQueryData(recordKeys.storedPlan(patientId, stored.id), stored);
      void queryClient.invalidateQueries({ queryKey: patientKeys.plans(patientId), exact: true });
    },
  });
}

/** A sentence for a failed request, for the screen. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Not found.';
    return error.problem.detail || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
