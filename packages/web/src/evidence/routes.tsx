import { lazy } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { Forbidden } from '../shell/Forbidden';

/** Loaded only for those who may open it: nobody else downloads its code. */
const EvidenceScreen = lazy(() =>
  import('./EvidenceScreen').then((m) => ({ default: m.EvidenceScreen })),
);

/** Who reads evidence: an admin (their clinic) and a researcher (pooled, de-identified). */
export const EVIDENCE_ROLES: readonly string[] = ['admin', 'researcher'];

/**
 * /evidence: admins and researchers. A clinician is told they may not (the API answers them 403
 * as well: this is the screen's courtesy, not the guard).
 */
export function EvidenceRoute() {
  const { me } = useAuth();
  if (!me || !EVIDENCE_ROLES.includes(me.role)) return <Forbidden what="the evidence" />;
  return <EvidenceScreen />;
}
