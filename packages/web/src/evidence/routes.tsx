import { useQueryClient } from '@tanstack/react-query';
import { lazy, useEffect } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { Forbidden } from '../shell/Forbidden';
import { initialEvidenceQuery, STRATIFICATIONS, summaryQuery } from './queries';

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
  const { me, clinic } = useAuth();
  const queryClient = useQueryClient();
  const allowed = me !== undefined && EVIDENCE_ROLES.includes(me.role);
  // The summaries are asked for while the screen's code loads, not after it: the two waits
  // overlap instead of adding up.
  useEffect(() => {
    if (!allowed) return;
    const query = initialEvidenceQuery(me, clinic);
    for (const stratify of STRATIFICATIONS)
      void queryClient.prefetchQuery(summaryQuery(query, stratify));
  }, [allowed, me, clinic, queryClient]);
  if (!allowed) return <Forbidden what="the evidence" />;
  return <EvidenceScreen />;
}
