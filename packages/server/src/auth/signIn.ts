import { appendAudit } from '../audit.js';
import type { Db, Tx } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { Problem } from '../http/problems.js';
import type { ScryptCost } from './password.js';
import { createSession } from './sessions.js';
import { type Candidate, candidatesFor, checkPasswords } from './signInCandidates.js';
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
 * attempt recorded: in sign_in_attempts always, and in the clinics' audit chains when the email is
 * users'. Nothing in the answers says whether the email exists: an unknown email is throttled,
 * checked (against a dummy hash) and refused exactly like a known one.
 *
 * Users of several clinics may share an email (signInCandidates.ts): the password is checked
 * against each, and signs in to the one it matches. When it matches several (one person, one
 * password, two clinics), the answer is 409 clinic-required listing those clinics, and the login
 * names one with `clinicId`; a named clinic without the email is the same invalid-credentials.
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

/**
 * The clinics' audit records of an attempt on their users, one per user, in clinic id order (each
 * append locks its clinic's chain head; one order keeps two attempts from waiting on each other).
 * Who made a failed or refused attempt is not known, so only a success names a user; the target
 * is the resource. Never the password, nor the email typed. `outcome` replaces the attempt's
 * (a right password that signed no one in, because it was right for several clinics).
 */
function auditFor(users: readonly SignInUser[], outcome?: string): RecordAlso {
  const ordered = [...users].sort((a, b) => (a.clinicId < b.clinicId ? -1 : 1));
  return async (tx: Tx, attempt: AttemptOutcome) => {
    for (const user of ordered)
      await appendAudit(tx, {
        clinicId: user.clinicId,
        userId: attempt === 'ok' && !outcome ? user.id : null,
        action: SIGN_IN_ACTION,
        resourceType: 'user',
        resourceId: user.id,
        outcome: outcome ?? attempt,
      });
  };
}

const signInUser = (c: Candidate): SignInUser => ({
  id: c.id,
  clinicId: c.clinicId,
  email: c.email,
  role: c.role,
});

export async function signIn(
  db: Db,
  settings: SignInSettings,
  attempt: {
    readonly email: string;
    readonly password: string;
    readonly client: string;
    /** The clinic to sign in to (canonical id), when the email's password is several clinics'. */
    readonly clinicId?: string;
  },
): Promise<SignedIn> {
  const email = attempt.email.trim().toLowerCase();
  // One account key per email, whatever the clinic: the throttle counts an email the same however
  // many clinics hold it (none included).
  const keys = signInKeys(email, attempt.client);
  const { accounts, complete } = await candidatesFor(db, email, attempt.clinicId);
  // With a clinic named, only its account can be signed in to, fail, or be refused.
  const inScope = accounts.filter((a) => !attempt.clinicId || a.clinicId === attempt.clinicId);
  const audit = auditFor(inScope.map(signInUser));
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
  // Every candidate is checked, a clinic named or not: the same work either way, and whether the
  // password proved every account of the email decides what a success clears in the throttle.
  const matches = await checkPasswords(attempt.password, accounts, settings.passwordCost);
  const matched = accounts.filter((_, i) => matches[i]);
  const provedEveryAccount = complete && matched.length === accounts.length;
  const chosen = matched.filter((a) => inScope.includes(a));
  if (chosen.length === 0) {
    await recordFailure(db, keys, audit);
    throw new Problem('invalid-credentials', 'email or password is wrong');
  }
  if (chosen.length > 1) {
    // The same person with the same password in several clinics: they proved it for each one
    // listed, so the list tells them nothing they could not learn by signing in to each. A right
    // password for the throttle (sign_in_attempts: 'ok'); 'conflict' in each listed clinic's chain.
    await db
      .transaction()
      .execute((tx) =>
        recordSuccess(
          tx,
          keys,
          settings.throttle,
          auditFor(chosen.map(signInUser), 'conflict'),
          provedEveryAccount,
        ),
      );
    throw new Problem(
      'clinic-required',
      'this email and password sign in to more than one clinic; send the login again with clinicId, one of `clinics`',
      { members: { clinics: chosen.map((c) => ({ id: c.clinicId, name: c.clinicName })) } },
    );
  }
  const user = signInUser(chosen[0]);
  const session = await db.transaction().execute(async (tx) => {
    await recordSuccess(tx, keys, settings.throttle, auditFor([user]), provedEveryAccount);
    return createSession(tx, user.id, settings.sessionHours);
  });
  return { ...session, user };
}
