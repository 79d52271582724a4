import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';

/**
 * Reads of a patient's clinical records (adverse events, consents, sessions, follow-ups, series,
 * photos), cached under the patient's key (queries.ts), so a write that invalidates one list also
 * refreshes the timeline that shows it.
 */
export const recordKeys = {
  adverseEvents: (id: string) => ['patients', 'one', id, 'adverse-events'] as const,
  consents: (id: string) => ['patients', 'one', id, 'consents'] as const,
  sessions: (id: string) => ['patients', 'one', id, 'sessions'] as const,
  assessments: (id: string) => ['patients', 'one', id, 'assessments'] as const,
  series: (id: string) => ['patients', 'one', id, 'series'] as const,
  photos: (id: string) => ['patients', 'one', id, 'photos'] as const,
};

const path = (id: string, signal: AbortSignal) => ({ params: { path: { id } }, signal });

export const useAdverseEvents = (id: string) =>
  useQuery({
    queryKey: recordKeys.adverseEvents(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/adverse-events', path(id, signal))),
  });

export const useConsents = (id: string) =>
  useQuery({
    queryKey: recordKeys.consents(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/consents', path(id, signal))),
  });

export const useSessions = (id: string) =>
  useQuery({
    queryKey: recordKeys.sessions(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/sessions', path(id, signal))),
  });

export const useAssessments = (id: string) =>
  useQuery({
    queryKey: recordKeys.assessments(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/assessments', path(id, signal))),
  });

export const useSeries = (id: string) =>
  useQuery({
    queryKey: recordKeys.series(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/series', path(id, signal))),
  });

export const usePhotos = (id: string) =>
  useQuery({
    queryKey: recordKeys.photos(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/photos', path(id, signal))),
  });
