import { sql } from 'kysely';
import { appendAudit } from '../audit.js';
import type { Db, Tx } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { Problem } from '../http/problems.js';
import { dummyHash, type ScryptCost, verifyPassword } from './password.js';
import { createSession } from './sessions.js';
import type { SignInThrottlePolicy } from './throttlePolicy.js';
import {
  type AttemptOutcome,
  admitAttempt,
  type RecordAlso,
  recordFailure,
  recordSuccess,
  signInKeys,
} from './throttleStore.js';

/**
 * Sign-in by email and password, throttled per account and per client (throttle.ts), every
 * attempt recorded: in sign_in_attempts always, and in the clinic's audit chain when the email is
 * a user's. Nothing in the answers says whether the email exists: an unknown email is throttled,
 * checked (against a dummy hash) and refused exactly like a known one.
 */
export interface SignInUser {
  readonly id: string;
  readonly clinicId: string;
  readonly email: string;
  readonly role: Role;
}

export interface SignedIn {
  readonly token: string;
  readonly expiresAt: Date;
  readonly user: SignInUser;
}

export interface SignInSettings {
  readonly throttle: SignInThrottlePolicy;
  readonly sessionHours: number;
  /** The cost of the users' hashes, which an unknown email's dummy check must match. */
  readonly passwordCost: ScryptCost;
}

/** The audit action of every sign-in attempt (ok, failed, throttled). */
export const SIGN_IN_ACTION = 'auth.login';

/** The one user an email signs in as (migrations/013: the oldest enabled one), if any. */
async function userByEmail(
  db: Db,
  email: string,
): Promise<(SignInUser & { passwordHash: string }) | undefined> {
  const { rows } = await sql<{
    id: string;
    clinic_id: string;
    email: string;
    role: Role;
    password_hash: string;
  }>`select * from auth_user_by_email(${email})`.execute(db);
  const row = rows[0];
  return row
    ? {
        id: row.id,
        clinicId: row.clinic_id,
        email: row.email,
        role: row.role,
        passwordHash: row.password_hash,
      }
    : undefined;
}

/**
 * The clinic's audit record of an attempt on one of its users. Who made a failed or refused
 * attempt is not known, so only a success names a user; the target is the resource. Never the
 * password, nor the email typed.
 */
function auditFor(user: SignInUser | undefined): RecordAlso {
  return async (tx: Tx, outcome: AttemptOutcome) => {
    if (!user) return;
    await appendAudit(tx, {
      clinicId: user.clinicId,
      userId: outcome === 'ok' ? user.id : null,
      action: SIGN_IN_ACTION,
      resourceType: 'user',
      resourceId: user.id,
      outcome,
    });
  };
}

export async function signIn(
  db: Db,
  settings: SignInSettings,
  attempt: { readonly email: string; readonly password: string; readonly client: string },
): Promise<SignedIn> {
  const email = attempt.email.trim().toLowerCase();
  const keys = signInKeys(email, attempt.client);
  const user = await userByEmail(db, email);
  const audit = auditFor(user);
  const admission = await admitAttempt(db, keys, settings.throttle, audit);
  if (!admission.admitted) {
    const seconds = admission.retryAfterSeconds;
    const when = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
    throw new Problem(
      'too-many-requests',
      admission.locked
        ? `too many failed sign-ins for this email from new devices; sign in from a device you have signed in from before, or ask your clinic's admin to clear the lock (try again in ${when} at the earliest)`
        : `too many failed sign-ins; try again in ${when}`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }
  // Unknown email: the same work (a dummy hash of the same cost), the same answer.
  const ok = await verifyPassword(
    attempt.password,
    user?.passwordHash ?? dummyHash(settings.passwordCost),
  );
  if (!user || !ok) {
    await recordFailure(db, keys, audit);
    throw new Problem('invalid-credentials', 'email or password is wrong');
  }
  const session = await db.transaction().execute(async (tx) => {
    await recordSuccess(tx, keys, settings.throttle, audit);
    return createSession(tx, user.id, settings.sessionHours);
  });
  return {
    ...session,
    user: { id: user.id, clinicId: user.clinicId, email: user.email, role: user.role },
  };
}
