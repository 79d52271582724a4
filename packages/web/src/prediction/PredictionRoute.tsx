import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';

/** The prediction screen, fetched when first opened: it brings the core, the worker and the charts. */
const PredictionScreen = lazy(() => import('./PredictionScreen.js'));

export function PredictionRoute() {
  return (
    <Suspense fallback={<Loader size="sm" aria-label="Loading the prediction" />}>
      <PredictionScreen />
    </Suspense>
  );
}
