import type { DeliveryState } from '@microcore/core';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { operations } from '../api/schema';

/** The delivery session routes the screens call (docs/delivery.md "Routes"). */

export type StartDeliveryBody = NonNullable<
  operations['startDeliverySession']['requestBody']
>['content']['application/json'];
export type Anaesthesia = StartDeliveryBody['anaesthesia'];

type Resumed = operations['getDeliverySession']['responses'][200]['content']['application/json'];
/** A session as GET gives it, its state typed as the core's. */
export type DeliverySession = Omit<Resumed, 'state'> & { readonly state: DeliveryState };

export async function startDeliverySession(
  patientId: string,
  body: StartDeliveryBody,
): Promise<DeliverySession> {
  const started = unwrap(
    await api.POST('/api/patients/{id}/delivery-sessions', {
      params: { path: { id: patientId } },
      body,
    }),
  );
  return started as unknown as DeliverySession;
}

export async function getDeliverySession(
  patientId: string,
  deliveryId: string,
  signal?: AbortSignal,
): Promise<DeliverySession> {
  const session = unwrap(
    await api.GET('/api/patients/{id}/delivery-sessions/{deliveryId}', {
      params: { path: { id: patientId, deliveryId } },
      signal,
    }),
  );
  return session as unknown as DeliverySession;
}

/** Hold the session from this console; with a reason, take it over from another. */
export async function claimDeliverySession(
  patientId: string,
  deliveryId: string,
  consoleId: string,
  takeoverReason?: string,
): Promise<void> {
  unwrap(
    await api.POST('/api/patients/{id}/delivery-sessions/{deliveryId}/claim', {
      params: { path: { id: patientId, deliveryId } },
      body: { consoleId, ...(takeoverReason ? { takeover: { reason: takeoverReason } } : {}) },
    }),
  );
}
