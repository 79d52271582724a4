import { lazy } from 'react';
import { Route } from 'react-router';

// Loaded on demand: none of the photo screens is needed for the first screen.
const PhotosScreen = lazy(() =>
  import('./PhotosScreen').then((m) => ({ default: m.PhotosScreen })),
);
const BeforeAfterScreen = lazy(() =>
  import('./BeforeAfterScreen').then((m) => ({ default: m.BeforeAfterScreen })),
);
const PupilMarkerScreen = lazy(() =>
  import('./PupilMarkerScreen').then((m) => ({ default: m.PupilMarkerScreen })),
);

/** The photo screens' routes, under a patient (App.tsx places them among its own). */
export const photoRoutes = (
  <>
    <Route path="/patients/:id/photos" element={<PhotosScreen />} />
    <Route path="/patients/:id/photos/compare" element={<BeforeAfterScreen />} />
    <Route path="/patients/:id/photos/:photoId" element={<PupilMarkerScreen />} />
  </>
);
