import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { patientKeys } from './queries';

/**
 * The one home of the reads of a patient's clinical records (series, sessions, assessments,
 * planned follow-ups, adverse events, consents, photos, pupil marks, a stored plan): each list
 * under one key, read one way (the API's answer as it is, `{ items }`), so every screen that shows
 * a list shares its cache and a write that invalidates the key refreshes them all, the timeline
 * included. A screen that wants less says so with `select`, never with a key of its own.
 */

/** The lists, by their path under /api/patients/{id}/ (the corrections' kinds are among them). */
export type RecordList =
  | 'series'
  | 'sessions'
  | 'assessments'
  | 'follow-ups'
  | 'adverse-events'
  | 'consents'
  | 'photos'
  | 'pupil-marks';

/** A list's key: under the patient's, so invalidating the patient refreshes its lists too. */
export const recordListKey = (id: string, list: RecordList) =>
  [...patientKeys.one(id), list] as const;

export const recordKeys = {
  series: (id: string) => recordListKey(id, 'series'),
  sessions: (id: string) => recordListKey(id, 'sessions'),
  assessments: (id: string) => recordListKey(id, 'assessments'),
  followUps: (id: string) => recordListKey(id, 'follow-ups'),
  adverseEvents: (id: string) => recordListKey(id, 'adverse-events'),
  consents: (id: string) => recordListKey(id, 'consents'),
  photos: (id: string) => recordListKey(id, 'photos'),
  pupilMarks: (id: string) => recordListKey(id, 'pupil-marks'),
  /** A stored plan, under the plans' list (whose exact key a new plan invalidates). */
  storedPlan: (id: string, planId: string) => [...patientKeys.plans(id), planId] as const,
};

const path = (id: string, signal: AbortSignal) => ({ params: { path: { id } }, signal });

export const seriesQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.series(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/series', path(id, signal))),
  });

export const sessionsQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.sessions(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/sessions', path(id, signal))),
  });

export const assessmentsQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.assessments(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/assessments', path(id, signal))),
  });

export const followUpsQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.followUps(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/follow-ups', path(id, signal))),
  });

export const adverseEventsQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.adverseEvents(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/adverse-events', path(id, signal))),
  });

export const consentsQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.consents(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/consents', path(id, signal))),
  });

export const photosQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.photos(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/photos', path(id, signal))),
  });

export const pupilMarksQuery = (id: string) =>
  queryOptions({
    queryKey: recordKeys.pupilMarks(id),
    queryFn: async ({ signal }) =>
      unwrap(await api.GET('/api/patients/{id}/pupil-marks', path(id, signal))),
  });

/** A stored plan (also prefetched by a cold load of its address: planner/routes.tsx). */
export const storedPlanQuery = (id: string, planId: string) =>
  queryOptions({
    queryKey: recordKeys.storedPlan(id, planId),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/patients/{id}/plans/{planId}', {
          params: { path: { id, planId } },
          signal,
        }),
      ),
    // A stored plan never changes: read it once.
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useSeries = (id: string) => useQuery(seriesQuery(id));
export const useSessions = (id: string) => useQuery(sessionsQuery(id));
export const useAssessments = (id: string) => useQuery(assessmentsQuery(id));
export const useFollowUps = (id: string) => useQuery(followUpsQuery(id));
export const useAdverseEvents = (id: string) => useQuery(adverseEventsQuery(id));
export const useConsents = (id: string) => useQuery(consentsQuery(id));
export const usePhotos = (id: string) => useQuery(photosQuery(id));
