import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';

/** The patient screens' reads, cached by TanStack Query under these keys. */

export const PAGE_SIZE = 20;

export const patientKeys = {
  all: ['patients'] as const,
  search: (query: string, page: number) => ['patients', 'search', query, page] as const,
  one: (id: string) => ['patients', 'one', id] as const,
  plans: (id: string) => ['patients', 'one', id, 'plans'] as const,
  screenings: (id: string) => ['patients', 'one', id, 'screenings'] as const,
};

export function usePatientSearch(query: string, page: number) {
  return useQuery({
    queryKey: patientKeys.search(query, page),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/patients', {
          params: {
            query: { ...(query ? { query } : {}), page, pageSize: PAGE_SIZE },
          },
          signal,
        }),
      ),
    // The page shown stays while the next one loads: no flash of an empty table.
    placeholderData: keepPreviousData,
  });
}

/** One patient's record (also prefetched by a cold load of the planner: planner/routes.tsx). */
export function patientQuery(id: string) {
  return queryOptions({
    queryKey: patientKeys.one(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}', { params: { path: { id } }, signal })),
  });
}

export function usePatient(id: string) {
  return useQuery(patientQuery(id));
}

/** The patient's plans (summaries) and screenings: lists as the record lists (recordQueries.ts). */
export const plansQuery = (id: string) =>
  queryOptions({
    queryKey: patientKeys.plans(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/plans', { params: { path: { id } }, signal })),
  });

export const screeningsQuery = (id: string) =>
  queryOptions({
    queryKey: patientKeys.screenings(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/screenings', { params: { path: { id } }, signal })),
  });

export const usePatientPlans = (id: string) => useQuery(plansQuery(id));
export const usePatientScreenings = (id: string) => useQuery(screeningsQuery(id));
