import type { QueryClient } from '@tanstack/react-query';
import { lazy, useState } from 'react';
import { matchPath } from 'react-router';
import { patientQuery } from '../patients/queries';
import { prefetchTimelineLists } from './timelineQueries';

/** The timeline's address (App.tsx routes it). */
export const TIMELINE_PATH = '/patients/:id/timeline';

/** The screen's code, loaded when first opened (the first screen does not need it). */
let loadedTimelineScreen: typeof import('./TimelineScreen') | undefined;
const loadTimelineScreen = () =>
  import('./TimelineScreen').then((screen) => {
    loadedTimelineScreen = screen;
    return screen;
  });
const TimelineScreen = lazy(() =>
  loadTimelineScreen().then((screen) => ({ default: screen.TimelineScreen })),
);

/**
 * A page loaded at the timeline's address (a reload, a bookmark, a link) starts what the screen
 * needs at once, beside the session check (as the planner's, planner/routes.tsx): the screen's
 * code, the patient and every list the timeline shows. Otherwise each waits for the one before:
 * the check, then the code, then the patient, then the nine lists. Nothing is shown before the
 * check says who is signed in; every byte of data still comes from the API, which asks for the
 * session (signed out, a 401 waits for the check and the cache is emptied).
 */
export function preloadTimeline(pathname: string, queryClient: QueryClient): void {
  const id = matchPath(TIMELINE_PATH, pathname)?.params.id;
  if (!id) return;
  preloadedPatient = id;
  // A failure here is the screen's to report, when it loads or asks the same itself.
  loadTimelineScreen().catch(() => undefined);
  void queryClient.prefetchQuery(patientQuery(id));
  prefetchTimelineLists(queryClient, id);
}

/** The patient whose lists this page's load started reading (preloadTimeline), until shown once. */
let preloadedPatient: string | undefined;

/**
 * True once, for the screen's first showing after preloadTimeline read this patient's lists: they
 * were read for this very showing, so it need not read them again (else every list the preload
 * finished before the screen appeared is asked twice). Any later showing reads them as usual.
 */
export function takePreloaded(id: string): boolean {
  const preloaded = preloadedPatient === id;
  preloadedPatient = undefined;
  return preloaded;
}

export function LazyTimelineScreen() {
  // Loaded already (preloadTimeline): drawn in this render, without a round through Suspense.
  // Chosen once per mount, so a screen on show is never swapped for another.
  const [Loaded] = useState(() => loadedTimelineScreen?.TimelineScreen);
  // Else the lazy screen, under the app's Suspense (App.tsx).
  return Loaded ? <Loaded /> : <TimelineScreen />;
}
