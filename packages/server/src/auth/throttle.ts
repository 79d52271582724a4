import { backoffSeconds, type SignInThrottlePolicy } from './throttlePolicy.js';

/**
 * The sign-in throttle's decisions, pure: given the three counters of an attempt (locked by the
 * caller) and the time, admit or refuse, and what the counters become. The store
 * (throttleStore.ts) reads and writes them in one locked transaction.
 *
 * An admitted attempt is charged as a failure BEFORE its password is checked, so attempts that
 * arrive together cannot all pass on the same count: the one that uses up the free failures
 * starts the wait, and those behind it are refused. A success gives the charge back.
 */
export interface Counter {
  readonly failures: number;
  /** No attempt is evaluated before this. */
  readonly blockedUntil: Date | null;
  readonly lastFailureAt: Date | null;
  /** The pair's: the account last signed in from this client. */
  readonly lastSuccessAt: Date | null;
  /** A refusal during the current wait has been recorded (later ones in it are not). */
  readonly refusalRecorded: boolean;
}

export interface Counters {
  /** The client's address, over every email. */
  readonly client: Counter;
  /** The email, over the clients it has not signed in from. */
  readonly account: Counter;
  /** The email at this client. */
  readonly pair: Counter;
}

export const FRESH: Counter = {
  failures: 0,
  blockedUntil: null,
  lastFailureAt: null,
  lastSuccessAt: null,
  refusalRecorded: false,
};

export type Admission =
  | { readonly admitted: true; readonly next: Counters }
  | {
      readonly admitted: false;
      readonly next: Counters;
      readonly retryAfterSeconds: number;
      /** The account is locked for this client (NIST's 100 failures), not merely waiting. */
      readonly locked: boolean;
      /** The first refusal of this wait for this email at this client: record it. */
      readonly record: boolean;
    };

const DAY_MS = 86_400_000;

/** The client has signed in to this email within the policy's days. */
export function isKnownClient(pair: Counter, now: Date, policy: SignInThrottlePolicy): boolean {
  return (
    pair.lastSuccessAt !== null &&
    now.getTime() - pair.lastSuccessAt.getTime() < policy.knownClientDays * DAY_MS
  );
}

function charge(counter: Counter, now: Date, seconds: (failures: number) => number): Counter {
  const failures = counter.failures + 1;
  const wait = seconds(failures);
  return {
    ...counter,
    failures,
    blockedUntil: wait > 0 ? new Date(now.getTime() + wait * 1000) : null,
    lastFailureAt: now,
    refusalRecorded: false,
  };
}

function waitingSeconds(counter: Counter, now: Date): number {
  if (!counter.blockedUntil) return 0;
  return Math.max(0, Math.ceil((counter.blockedUntil.getTime() - now.getTime()) / 1000));
}

export function admit(rows: Counters, now: Date, policy: SignInThrottlePolicy): Admission {
  const quietMs = rows.client.lastFailureAt
    ? now.getTime() - rows.client.lastFailureAt.getTime()
    : Number.POSITIVE_INFINITY;
  // A client quiet for long enough starts again (its last wait ended long before).
  const client =
    quietMs >= policy.client.forgetAfterSeconds * 1000
      ? { ...rows.client, failures: 0, blockedUntil: null }
      : rows.client;
  const known = isKnownClient(rows.pair, now, policy);
  const account = known ? rows.pair : rows.account;
  const locked = account.failures >= policy.account.lockAfterFailures;
  const wait = Math.max(waitingSeconds(client, now), waitingSeconds(account, now));
  if (locked || wait > 0) {
    const record = !rows.pair.refusalRecorded;
    return {
      admitted: false,
      next: { ...rows, client, pair: { ...rows.pair, refusalRecorded: true } },
      retryAfterSeconds: locked ? Math.max(wait, policy.account.maxDelaySeconds) : wait,
      locked,
      record,
    };
  }
  const chargedClient = charge(client, now, (n) => backoffSeconds(n, policy.client));
  const chargedAccount = charge(account, now, (n) => backoffSeconds(n, policy.account));
  return {
    admitted: true,
    next: known
      ? // The pair's count stands in for the account's; the pair's refusal flag restarts too.
        { client: chargedClient, account: rows.account, pair: chargedAccount }
      : {
          client: chargedClient,
          account: chargedAccount,
          pair: { ...rows.pair, refusalRecorded: false },
        },
  };
}

/**
 * A correct password: the account's counts start again (NIST counts consecutive failures), the
 * client becomes a known client of the account, and the client gets its charge back (only that:
 * a user's own sign-ins must not wash out the failures of a spray from the same address).
 *
 * `provedEveryAccount` is false when users of several clinics share the email (signInCandidates.ts)
 * and the password matched only some of them. It then proves nothing about the others, so their
 * failures stand: only this attempt's charge is given back and its wait ended. Otherwise an admin
 * who gave their own clinic's user another clinic's user's email could wash out the failures of
 * their guesses at that user's password by signing in to their own account between guesses.
 */
export function succeeded(
  rows: Counters,
  now: Date,
  policy: SignInThrottlePolicy,
  provedEveryAccount = true,
): Counters {
  const clientFailures = Math.max(0, rows.client.failures - 1);
  const client = {
    ...rows.client,
    failures: clientFailures,
    blockedUntil: clientFailures < policy.client.freeFailures ? null : rows.client.blockedUntil,
  };
  if (!provedEveryAccount) {
    // The counter admit() charged: the pair's for a known client, the account's otherwise.
    const giveBack = (counter: Counter): Counter => ({
      ...counter,
      failures: Math.max(0, counter.failures - 1),
      blockedUntil: null,
      refusalRecorded: false,
    });
    return isKnownClient(rows.pair, now, policy)
      ? { client, account: rows.account, pair: { ...giveBack(rows.pair), lastSuccessAt: now } }
      : { client, account: giveBack(rows.account), pair: { ...rows.pair, lastSuccessAt: now } };
  }
  const cleared = { failures: 0, blockedUntil: null, refusalRecorded: false };
  return {
    client,
    account: { ...rows.account, ...cleared },
    pair: { ...rows.pair, ...cleared, lastSuccessAt: now },
  };
}
