import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { PlanRequestBody } from './planSettings';

/** An RFC 9457 problem as the API sends it. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** An answer other than success: its status and, when it sent one, the problem. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem?.detail ?? `the server answered ${status}`);
  }
}

function fail(response: Response, error: unknown): never {
  throw new ApiError(response.status, (error ?? undefined) as Problem | undefined);
}

export function usePatient(patientId: string) {
  return useQuery({
    queryKey: ['patient', patientId],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/patients/{id}', {
        params: { path: { id: patientId } },
      });
      if (!data) fail(response, error);
      return data;
    },
  });
}

export function useStoredPlan(patientId: string, planId: string | undefined) {
  return useQuery({
    queryKey: ['plan', patientId, planId],
    enabled: planId !== undefined,
    // A stored plan never changes: read it once.
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/patients/{id}/plans/{planId}', {
        params: { path: { id: patientId, planId: planId as string } },
      });
      if (!data) fail(response, error);
      return data;
    },
  });
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/me');
      if (!data) fail(response, error);
      return data;
    },
  });
}

/** Save a plan: the server plans the body again (same seed) and keeps it. */
export function useSavePlan(patientId: string) {
  return useMutation({
    mutationFn: async (body: PlanRequestBody) => {
      const { data, error, response } = await api.POST('/api/patients/{id}/plans', {
        params: { path: { id: patientId } },
        body,
      });
      if (!data) fail(response, error);
      return data;
    },
  });
}

/** A sentence for a failed request, for the screen. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return 'Your session has ended: sign in again.';
    if (error.status === 404) return 'Not found.';
    return error.problem?.detail ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
