import { lazy } from 'react';

/** The delivery screens' addresses (App.tsx routes them; a plan card links to the first). */
export const START_DELIVERY_PATH = '/patients/:id/plans/:planId/delivery';
export const LIVE_DELIVERY_PATH = '/patients/:id/delivery/:deliveryId';

/**
 * The delivery screens, loaded when first opened: the live view brings the core's guard (for its
 * worker) and the planner's drawing, which the first screen does not need (the bundle budget).
 */
export const LazyStartDelivery = lazy(() => import('./StartDeliveryScreen'));
export const LazyLiveDelivery = lazy(() => import('./LiveDeliveryScreen'));
