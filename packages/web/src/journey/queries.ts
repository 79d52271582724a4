import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { patientKeys } from '../patients/queries';

/** The journey screens' reads (a patient's series, sessions, assessments, follow-ups). */

export const journeyKeys = {
  checklist: ['screening-checklist'] as const,
  series: (id: string) => [...patientKeys.one(id), 'series'] as const,
  sessions: (id: string) => [...patientKeys.one(id), 'sessions'] as const,
  assessments: (id: string) => [...patientKeys.one(id), 'assessments'] as const,
  followUps: (id: string) => [...patientKeys.one(id), 'follow-ups'] as const,
  plan: (id: string, planId: string) => [...patientKeys.one(id), 'stored-plan', planId] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export function useChecklist() {
  return useQuery({
    queryKey: journeyKeys.checklist,
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/screening/checklist', { signal })),
    // Rules, not patient data: they change with a release, not during a visit.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function usePatientSeries(id: string) {
  return useQuery({
    queryKey: journeyKeys.series(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/series', { ...path(id), signal })),
  });
}

export function usePatientSessions(id: string) {
  return useQuery({
    queryKey: journeyKeys.sessions(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/sessions', { ...path(id), signal })),
  });
}

export function usePatientAssessments(id: string) {
  return useQuery({
    queryKey: journeyKeys.assessments(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/assessments', { ...path(id), signal })),
  });
}

export function usePatientFollowUps(id: string) {
  return useQuery({
    queryKey: journeyKeys.followUps(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/follow-ups', { ...path(id), signal })),
  });
}

/** One stored plan (its zones and their planned cores, for recording a session). */
export function storedPlanOf(id: string, planId: string) {
  return queryOptions({
    queryKey: journeyKeys.plan(id, planId),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/patients/{id}/plans/{planId}', {
          params: { path: { id, planId } },
          signal,
        }),
      ),
    // A stored plan never changes.
    staleTime: Number.POSITIVE_INFINITY,
  });
}
