import type { QueryClient } from '@tanstack/react-query';
import { plansQuery, screeningsQuery } from '../patients/queries';
import {
  adverseEventsQuery,
  assessmentsQuery,
  consentsQuery,
  followUpsQuery,
  photosQuery,
  seriesQuery,
  sessionsQuery,
} from '../patients/recordQueries';

/**
 * The lists the timeline reads, one query each (the shared record queries): the screen reads them,
 * and a cold load of the timeline's address starts them all at once (routes.tsx).
 */
export const timelineQueries = (id: string) => ({
  screenings: screeningsQuery(id),
  plans: plansQuery(id),
  series: seriesQuery(id),
  sessions: sessionsQuery(id),
  assessments: assessmentsQuery(id),
  adverseEvents: adverseEventsQuery(id),
  consents: consentsQuery(id),
  photos: photosQuery(id),
  followUps: followUpsQuery(id),
});

/** Start reading every list the timeline shows (each list once, however many ask). */
export function prefetchTimelineLists(queryClient: QueryClient, id: string): void {
  const q = timelineQueries(id);
  // One call per list: their answers differ in type, so no loop over them type-checks.
  void queryClient.prefetchQuery(q.screenings);
  void queryClient.prefetchQuery(q.plans);
  void queryClient.prefetchQuery(q.series);
  void queryClient.prefetchQuery(q.sessions);
  void queryClient.prefetchQuery(q.assessments);
  void queryClient.prefetchQuery(q.adverseEvents);
  void queryClient.prefetchQuery(q.consents);
  void queryClient.prefetchQuery(q.photos);
  void queryClient.prefetchQuery(q.followUps);
}
