import type { AuditKey } from './auditKey.js';
import type { AuditQueue } from './auditQueue.js';
import type { SessionCache } from './auth/sessions.js';
import type { ServerConfig } from './config.js';
import type { Db } from './db/open.js';
import type { PlannerPool } from './plans/plannerPool.js';

/**
 * What every route works with: the database, the settings, the audit trail's queue and key, the
 * session cache, and the server's ONE clock (every "now" and every clinic's "today" come from it;
 * tests pin it). Built once by `buildApp` (app.ts); its own module so that routes and record
 * modules can name it without importing the app.
 */
export interface RouteContext {
  readonly db: Db;
  readonly config: ServerConfig;
  /** Signs the audit checkpoints (auditKey.ts); never stored in the database. */
  readonly auditKey: AuditKey;
  readonly auditQueue: AuditQueue;
  readonly sessions: SessionCache;
  /** Makes plans in worker threads, off the event loop (plans/plannerPool.ts). */
  readonly planner: PlannerPool;
  readonly clock: () => Date;
}
