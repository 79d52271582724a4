import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

/**
 * The planner and its print sheet, loaded when first opened: they bring the core and its planner,
 * which the first screen does not need (the bundle budget).
 */
const PlannerScreen = lazy(() => import('./PlannerScreen'));
const PrintSheet = lazy(() => import('../print/PrintSheet'));

function Loading() {
  return (
    <Center h={240}>
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function LazyPlanner() {
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
