import { Center, Loader } from '@mantine/core';
import type { QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { matchPath } from 'react-router';
import { session } from '../api/client';
import { patientQuery } from '../patients/queries';
import { storedPlanQuery } from '../patients/recordQueries';
import { draftText } from './draftStore';
import { planWorker } from './planWorkerClient';

/** The planner's addresses (App.tsx routes them). */
export const NEW_PLAN_PATH = '/patients/:patientId/planner';
export const STORED_PLAN_PATH = '/patients/:patientId/plans/:planId';

/**
 * The planner and its print sheet, loaded when first opened: they bring the core and its planner,
 * which the first screen does not need (the bundle budget).
 */
let loadedPlannerScreen: typeof import('./PlannerScreen') | undefined;
const loadPlannerScreen = () =>
  import('./PlannerScreen').then((screen) => {
    loadedPlannerScreen = screen;
    return screen;
  });
const PlannerScreen = lazy(loadPlannerScreen);
const PrintSheet = lazy(() => import('../print/PrintSheet'));

/**
 * A page loaded at a planner's address (a reload, a bookmark, a link) starts everything the
 * planner needs at once, beside the session check, rather than each after the one before (the
 * check, then the screen's code, then the patient, then the worker, then the plan): the screen's
 * code; the plan worker, with the new plan the screen will open with; the patient and the stored
 * plan it shows. None of this shows anything: the screen is drawn only once the check says who is
 * signed in, as before. The code holds no data, and every byte of data still comes from the API,
 * which asks for the session; signed out, a 401 waits for the check (api/sessionWatch.ts) and the
 * cache is emptied (auth/AuthProvider.tsx).
 */
export function preloadPlanner(pathname: string, queryClient: QueryClient): void {
  const stored = matchPath(STORED_PLAN_PATH, pathname);
  const match = stored ?? matchPath(NEW_PLAN_PATH, pathname);
  const patientId = match?.params.patientId;
  if (!patientId) return;
  // A failure here is the screen's to report, when it loads or asks the same itself.
  loadPlannerScreen().catch(() => undefined);
  const worker = planWorker();
  void queryClient.prefetchQuery(patientQuery(patientId));
  const planId = stored?.params.planId;
  if (planId) {
    // A stored plan is drawn from its own cores; the worker only checks them.
    void queryClient.prefetchQuery(storedPlanQuery(patientId, planId));
  } else {
    // Once the check says someone is signed in (no plan for nobody; and the cold worker then
    // competes less with the page's first render for the cores). The worker makes the body
    // itself, so planning need not wait for the page to have the planner's code.
    const stop = session.subscribe(() => {
      if (session.state === 'signed-out') stop();
      if (session.state !== 'signed-in') return;
      stop();
      worker.planNewPlan(draftText(patientId));
    });
  }
}

function Loading() {
  return (
    <Center h={240}>
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function LazyPlanner() {
  // Loaded already (preloadPlanner): drawn in this render, not after a round through Suspense's
  // fallback (React renders a lazy component's first time after its promise settles, in slices).
  // Chosen once per mount, so a screen on show is never swapped for another.
  const [Loaded] = useState(() => loadedPlannerScreen?.default);
  if (Loaded) return <Loaded />;
  return (
    <Suspense fallback={<Loading />}>
      <PlannerScreen />
    </Suspense>
  );
}

export function LazyPrintSheet() {
  return (
    <Suspense fallback={<Loading />}>
      <PrintSheet />
    </Suspense>
  );
}
