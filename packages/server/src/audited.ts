import type { FastifyRequest } from 'fastify';
import { type AuditEvent, appendAudit } from './audit.js';
import type { SessionUser } from './auth/sessions.js';
import { clinicDay } from './clinicCalendar.js';
import type { RouteContext } from './context.js';
import { type ClinicSettings, inClinic, type Tx } from './db/open.js';
import { Problem } from './http/problems.js';

/**
 * The one audited path of every protected route: a read or a write runs in a transaction under
 * the signed-in user's clinic (row-level security), and its audit record carries the action and
 * resource type the route DECLARES in its `audit` config (the route table) — never a second
 * spelling of them in the handler. A refusal on the way (404, 409, 422, …) is recorded under the
 * same declaration by the error handler (app.ts).
 *
 * - A write appends its record inside its own transaction: the change and its record commit
 *   together.
 * - A read runs read-only, then its record goes through the AuditQueue (group commit) and the
 *   value is returned only once that record is committed: nothing is shown that the trail does
 *   not hold.
 */

/** What a handler works with: the transaction, who asks, and the clinic's calendar. */
export interface Scope {
  readonly tx: Tx;
  readonly user: SessionUser;
  /** The clinic's "today" (YYYY-MM-DD in its time zone) by the server's one clock. */
  readonly today: string;
  /** The instant the request is handled at, from the same clock. */
  readonly now: Date;
  readonly clinic: ClinicSettings;
}

/** What the work answers, and the id its audit record names. */
export interface Audited<T> {
  readonly value: T;
  readonly resourceId: string | null;
  /**
   * Only where one route records one of several declared outcomes (a patient PATCH that archives
   * or restores): the action the record carries instead of the declared one.
   */
  readonly action?: string;
}

/** The signed-in user of a protected route (the onRequest hook has set it; never absent there). */
export function signedIn(request: FastifyRequest): SessionUser {
  if (!request.user) throw new Problem('unauthenticated', 'sign in (POST /api/auth/login) first');
  return request.user;
}

function declaration(request: FastifyRequest): {
  action: string;
  resourceType: string;
  reads?: 'unrecorded';
} {
  const audit = request.routeOptions.config.audit;
  // The route table refuses a protected route without one (app.ts, onRoute); this is a bug guard.
  if (!audit) throw new Error(`route ${request.routeOptions.url} declares no audit action`);
  return audit;
}

/** The success record of `done`, under the route's declaration. */
function record(
  user: SessionUser,
  declared: { action: string; resourceType: string },
  done: Audited<unknown>,
): AuditEvent {
  return {
    clinicId: user.clinicId,
    userId: user.id,
    action: done.action ?? declared.action,
    resourceType: declared.resourceType,
    resourceId: done.resourceId,
    outcome: 'ok',
  };
}

/** The scope of work done under `user`'s clinic in `tx` (also for work that no request carries). */
export function scopeOf(
  context: Pick<RouteContext, 'clock'>,
  tx: Tx,
  user: SessionUser,
  clinic: ClinicSettings,
): Scope {
  const now = context.clock();
  const { today, timeZone } = clinicDay(clinic.timeZone, now);
  return { tx, user, clinic: { ...clinic, timeZone }, now, today };
}

/** A read of protected data, recorded (and committed) before its value is returned. */
export async function auditedRead<T>(
  context: Pick<RouteContext, 'db' | 'auditQueue' | 'clock'>,
  request: FastifyRequest,
  work: (scope: Scope) => Promise<Audited<T>>,
): Promise<T> {
  const user = signedIn(request);
  const done = await inClinic(
    context.db,
    user.clinicId,
    (tx, clinic) => work(scopeOf(context, tx, user, clinic)),
    { readOnly: true },
  );
  const declared = declaration(request);
  // A route that shows no patient or account data says so in its declaration (app.ts).
  if (declared.reads !== 'unrecorded')
    await context.auditQueue.append(record(user, declared, done));
  return done.value;
}

/** A write, and its audit record in the same transaction. */
export function auditedWrite<T>(
  context: Pick<RouteContext, 'db' | 'clock'>,
  request: FastifyRequest,
  work: (scope: Scope) => Promise<Audited<T>>,
): Promise<T> {
  const user = signedIn(request);
  const declared = declaration(request);
  return inClinic(context.db, user.clinicId, async (tx, clinic) => {
    const done = await work(scopeOf(context, tx, user, clinic));
    await appendAudit(tx, record(user, declared, done));
    return done.value;
  });
}
