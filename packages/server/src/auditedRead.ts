import type { RouteContext } from './app.js';
import type { SessionUser } from './auth/sessions.js';
import { inClinic, type Tx } from './db/open.js';

/** What a read of patient data records: the action, and the resource it read. */
export interface ReadRecord {
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
}

/**
 * A read of patient data: `work` runs in a read-only transaction under the user's clinic, then the
 * read is recorded through the AuditQueue (group commit). The value is returned only after its
 * audit record is committed, so nothing is shown that the trail does not hold. A read that fails
 * (404, …) is recorded by the error handler as a refusal instead.
 */
export async function auditedRead<T>(
  context: Pick<RouteContext, 'db' | 'auditQueue'>,
  user: SessionUser,
  work: (tx: Tx) => Promise<{ value: T; record: ReadRecord }>,
): Promise<T> {
  const { value, record } = await inClinic(context.db, user.clinicId, work, { readOnly: true });
  await context.auditQueue.append({
    clinicId: user.clinicId,
    userId: user.id,
    outcome: 'ok',
    ...record,
  });
  return value;
}
