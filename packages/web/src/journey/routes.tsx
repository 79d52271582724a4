import { lazy } from 'react';

/** The journey's screens, each loaded when first opened (App.tsx routes them). */
export const JOURNEY_ROUTES = [
  {
    path: '/patients/:id/screening',
    Screen: lazy(() =>
      import('../screening/ScreeningScreen').then((m) => ({ default: m.ScreeningScreen })),
    ),
  },
  {
    path: '/patients/:id/series',
    Screen: lazy(() => import('../series/SeriesScreen').then((m) => ({ default: m.SeriesScreen }))),
  },
  {
    path: '/patients/:id/sessions/new',
    Screen: lazy(() =>
      import('../session/SessionScreen').then((m) => ({ default: m.SessionScreen })),
    ),
  },
  {
    path: '/patients/:id/follow-ups',
    Screen: lazy(() =>
      import('../followUp/FollowUpScreen').then((m) => ({ default: m.FollowUpScreen })),
    ),
  },
] as const;
