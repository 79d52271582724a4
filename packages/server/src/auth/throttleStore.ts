import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/open.js';
import {
  type Admission,
  admit,
  type Counter,
  type Counters,
  FRESH,
  succeeded,
} from './throttle.js';
import type { SignInThrottlePolicy } from './throttlePolicy.js';

/**
 * The sign-in throttle's counters and attempt records in the database (migrations/013): every
 * decision is made on the attempt's three counter rows locked FOR UPDATE, in one transaction
 * with the writes that follow from it, so server processes sharing one PostgreSQL (or requests
 * sharing one PGlite) see one count.
 */
export interface SignInKeys {
  /** SHA-256 (hex) of the email typed, trimmed and in lower case. */
  readonly accountKey: string;
  /** The client's address. */
  readonly clientKey: string;
}

export type AttemptOutcome = 'ok' | 'failed' | 'throttled';

/** What else an attempt's record writes in its transaction (the clinic's audit record). */
export type RecordAlso = (tx: Tx, outcome: AttemptOutcome) => Promise<void>;

export function accountKeyOf(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

export function signInKeys(email: string, client: string): SignInKeys {
  // '' is the marker of the account's row; an address is never empty, but be sure.
  return { accountKey: accountKeyOf(email), clientKey: client || 'unknown' };
}

type Slot = keyof Counters;

/** The three rows in key order (the order they are locked in): client, account, pair. */
function rowKeys(keys: SignInKeys): { slot: Slot; account_key: string; client_key: string }[] {
  return [
    { slot: 'client', account_key: '', client_key: keys.clientKey },
    { slot: 'account', account_key: keys.accountKey, client_key: '' },
    { slot: 'pair', account_key: keys.accountKey, client_key: keys.clientKey },
  ];
}

/** Create the rows if missing, lock them in key order, and read them with the time. */
async function lockCounters(tx: Tx, keys: SignInKeys): Promise<{ rows: Counters; now: Date }> {
  const slots = rowKeys(keys);
  await tx
    .insertInto('sign_in_limits')
    .values(slots.map(({ account_key, client_key }) => ({ account_key, client_key })))
    .onConflict((oc) => oc.columns(['account_key', 'client_key']).doNothing())
    .execute();
  const found = await tx
    .selectFrom('sign_in_limits')
    .selectAll()
    .where((eb) =>
      eb.or(
        slots.map((s) =>
          eb.and([eb('account_key', '=', s.account_key), eb('client_key', '=', s.client_key)]),
        ),
      ),
    )
    .orderBy('account_key')
    .orderBy('client_key')
    .forUpdate()
    .execute();
  // The time once the locks are held (now() would be when the transaction began, before a wait).
  const { rows: clock } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(tx);
  const counters = {} as Record<Slot, Counter>;
  for (const s of slots) {
    const row = found.find((r) => r.account_key === s.account_key && r.client_key === s.client_key);
    counters[s.slot] = row
      ? {
          failures: row.failures,
          blockedUntil: row.blocked_until ? new Date(row.blocked_until) : null,
          lastFailureAt: row.last_failure_at ? new Date(row.last_failure_at) : null,
          lastSuccessAt: row.last_success_at ? new Date(row.last_success_at) : null,
          refusalRecorded: row.refusal_recorded,
        }
      : FRESH;
  }
  return { rows: counters, now: new Date(clock[0].now) };
}

async function writeCounters(tx: Tx, keys: SignInKeys, before: Counters, after: Counters) {
  for (const s of rowKeys(keys)) {
    const [was, is] = [before[s.slot], after[s.slot]];
    if (sameCounter(was, is)) continue;
    await tx
      .updateTable('sign_in_limits')
      .set({
        failures: is.failures,
        blocked_until: is.blockedUntil,
        last_failure_at: is.lastFailureAt,
        last_success_at: is.lastSuccessAt,
        refusal_recorded: is.refusalRecorded,
        updated_at: sql`clock_timestamp()`,
      })
      .where('account_key', '=', s.account_key)
      .where('client_key', '=', s.client_key)
      .execute();
  }
}

const time = (d: Date | null) => d?.getTime() ?? null;
function sameCounter(a: Counter, b: Counter): boolean {
  return (
    a.failures === b.failures &&
    time(a.blockedUntil) === time(b.blockedUntil) &&
    time(a.lastFailureAt) === time(b.lastFailureAt) &&
    time(a.lastSuccessAt) === time(b.lastSuccessAt) &&
    a.refusalRecorded === b.refusalRecorded
  );
}

async function recordAttempt(
  tx: Tx,
  keys: SignInKeys,
  outcome: AttemptOutcome,
  also: RecordAlso,
): Promise<void> {
  await tx
    .insertInto('sign_in_attempts')
    .values({ account_key: keys.accountKey, client_key: keys.clientKey, outcome })
    .execute();
  await also(tx, outcome);
}

/**
 * Admit the attempt (and charge it as a failure) or refuse it, in one locked transaction; the
 * first refusal of a wait is recorded in the same transaction.
 */
export function admitAttempt(
  db: Db,
  keys: SignInKeys,
  policy: SignInThrottlePolicy,
  also: RecordAlso,
): Promise<Admission> {
  return db.transaction().execute(async (tx) => {
    const { rows, now } = await lockCounters(tx, keys);
    const admission = admit(rows, now, policy);
    await writeCounters(tx, keys, rows, admission.next);
    if (!admission.admitted && admission.record) await recordAttempt(tx, keys, 'throttled', also);
    return admission;
  });
}

/** A wrong password: the charge stands; record it. */
export function recordFailure(db: Db, keys: SignInKeys, also: RecordAlso): Promise<void> {
  return db.transaction().execute((tx) => recordAttempt(tx, keys, 'failed', also));
}

/**
 * A correct password, inside the caller's transaction (which also opens the session): clear the
 * account's counts (only this attempt's charge when it did not prove every account of the email:
 * throttle.ts `succeeded`), make the client known, record it, and delete what is past keeping.
 */
export async function recordSuccess(
  tx: Tx,
  keys: SignInKeys,
  policy: SignInThrottlePolicy,
  also: RecordAlso,
  provedEveryAccount = true,
): Promise<void> {
  const { rows, now } = await lockCounters(tx, keys);
  await writeCounters(tx, keys, rows, succeeded(rows, now, policy, provedEveryAccount));
  await recordAttempt(tx, keys, 'ok', also);
  await prune(tx, new Date(now.getTime() - policy.keepDays * 86_400_000));
}

/**
 * At most a few hundred old rows a sign-in, so no sign-in waits on a large delete; rows another
 * attempt holds are skipped (it is using them).
 */
async function prune(tx: Tx, before: Date): Promise<void> {
  await sql`delete from sign_in_limits where (account_key, client_key) in (
      select account_key, client_key from sign_in_limits where updated_at < ${before}
      limit 200 for update skip locked)`.execute(tx);
  await sql`delete from sign_in_attempts where id in (
      select id from sign_in_attempts where at < ${before} limit 200)`.execute(tx);
}

/**
 * An admin's unlock: the account's waits and lock end, at every client (the clients' own counts,
 * which cover other emails too, stay). Known clients stay known.
 */
export async function clearAccount(tx: Tx, email: string): Promise<void> {
  await tx
    .updateTable('sign_in_limits')
    .set({
      failures: 0,
      blocked_until: null,
      refusal_recorded: false,
      updated_at: sql`clock_timestamp()`,
    })
    .where('account_key', '=', accountKeyOf(email))
    .execute();
}
