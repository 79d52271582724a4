import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AdminRoute } from './admin/routes';
import { AuthProvider, useAuth } from './auth/AuthProvider';
import { homeFor } from './auth/nextPath';
import { RequireSignIn } from './auth/RequireSignIn';
import { SignInPage } from './auth/SignInPage';
import {
  LazyLiveDelivery,
  LazyStartDelivery,
  LIVE_DELIVERY_PATH,
  START_DELIVERY_PATH,
} from './delivery/routes';
import { EvidenceRoute } from './evidence/routes';
import { JOURNEY_ROUTES } from './journey/routes';
import { PatientList } from './patients/PatientList';
import { photoRoutes } from './photos/routes';
import { LazyPlanner, LazyPrintSheet, NEW_PLAN_PATH, STORED_PLAN_PATH } from './planner/routes';
import { PredictionRoute } from './prediction/PredictionRoute';
import { NotFound } from './shell/NotFound';
import { Shell } from './shell/Shell';
import { LazyTimelineScreen, TIMELINE_PATH } from './timeline/routes';

// Screens past the first load on demand (the patient page brings the core's face template).
const PatientPage = lazy(() =>
  import('./patients/PatientPage').then((m) => ({ default: m.PatientPage })),
);
const NewPatientScreen = lazy(() =>
  import('./patients/PatientForm').then((m) => ({ default: m.NewPatientScreen })),
);
const AdverseEventsScreen = lazy(() =>
  import('./adverseEvents/AdverseEventsScreen').then((m) => ({ default: m.AdverseEventsScreen })),
);
const ConsentsScreen = lazy(() =>
  import('./consents/ConsentsScreen').then((m) => ({ default: m.ConsentsScreen })),
);
const EditPatientScreen = lazy(() =>
  import('./patients/PatientForm').then((m) => ({ default: m.EditPatientScreen })),
);

/**
 * The app's screens by path. Each screen lives in its own folder under src/. A new top-level
 * path also needs its first segment in the server's CLIENT_PATHS (packages/server/src/http/
 * webApp.ts), which serves the app for it.
 */
export function App() {
  return (
    <AuthProvider>
      <Shell>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Routes>
            <Route path="/sign-in" element={<SignInPage />} />
            <Route element={<RequireSignIn />}>
              <Route index element={<Home />} />
              <Route path="/patients" element={<PatientList />} />
              <Route path="/patients/new" element={<NewPatientScreen />} />
              <Route path="/patients/:id" element={<PatientPage />} />
              <Route path="/patients/:id/edit" element={<EditPatientScreen />} />
              <Route path={NEW_PLAN_PATH} element={<LazyPlanner />} />
              <Route path={STORED_PLAN_PATH} element={<LazyPlanner />} />
              <Route path="/patients/:patientId/plans/:planId/print" element={<LazyPrintSheet />} />
              <Route
                path="/patients/:patientId/plans/:planId/prediction"
                element={<PredictionRoute />}
              />
              <Route path="/patients/:id/adverse-events" element={<AdverseEventsScreen />} />
              <Route path="/patients/:id/consents" element={<ConsentsScreen />} />
              <Route path={TIMELINE_PATH} element={<LazyTimelineScreen />} />
              <Route path={START_DELIVERY_PATH} element={<LazyStartDelivery />} />
              <Route path={LIVE_DELIVERY_PATH} element={<LazyLiveDelivery />} />
              <Route path="/admin/*" element={<AdminRoute />} />
              <Route path="/evidence" element={<EvidenceRoute />} />
              {JOURNEY_ROUTES.map(({ path, Screen }) => (
                <Route key={path} path={path} element={<Screen />} />
              ))}
              {photoRoutes}
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </Shell>
    </AuthProvider>
  );
}

/** `/`: each role's own start screen (a researcher has no patients, only the evidence). */
function Home() {
  const { me } = useAuth();
  return <Navigate to={homeFor(me?.role)} replace />;
}
