/**
 * How sign-in attempts are slowed down, as data in one place (docs/server.md: Sign-in).
 *
 * Sources:
 * - OWASP ASVS v4.0.3 §2.2.1: anti-automation against credential testing, brute force and
 *   account lockout attacks, e.g. blocking the most common breached passwords, soft lockouts,
 *   rate limiting, increasing delays between attempts, IP address restrictions.
 * - NIST SP 800-63B §5.2.2 (rate limiting): no more than 100 consecutive failed attempts on a
 *   single subscriber account; before that, the verifier may make the claimant wait after a
 *   failure, increasingly with each further failure, and may accept attempts from addresses or
 *   devices the subscriber has succeeded from before.
 * - OWASP "Slow Down Online Guessing Attacks with Device Cookies": the account's lock applies to
 *   clients the account has never signed in from; each client it has signed in from keeps a
 *   count of its own, so an attacker elsewhere cannot lock the owner out.
 *
 * Three counters take part in every attempt: the client's (its address, over every email it
 * tries), the account's (the typed email, over the clients it has never signed in from) and the
 * pair's (the email at this one client; it stands in for the account's once the account has
 * signed in from the client). An email that matches no user is counted exactly like one that
 * does, so the answers never say whether it exists.
 */
export interface Backoff {
  /** Failures allowed before any wait. */
  readonly freeFailures: number;
  /** The wait after the last free failure; every further failure doubles it … */
  readonly firstDelaySeconds: number;
  /** … up to this. */
  readonly maxDelaySeconds: number;
}

export interface SignInThrottlePolicy {
  /** The email: shared by every client it has not signed in from, and per known client. */
  readonly account: Backoff & {
    /** NIST SP 800-63B §5.2.2: at most 100 consecutive failures, then no more attempts until
     * a success from a known client or an admin clears the lock. */
    readonly lockAfterFailures: number;
  };
  /** The client's address, over every email it tries (spraying one password over many accounts). */
  readonly client: Backoff & {
    /** A client's count starts again after this long without a failure. */
    readonly forgetAfterSeconds: number;
  };
  /** A client the email signed in from within this many days is a known client of the account. */
  readonly knownClientDays: number;
  /** Counters untouched and attempt records older than this are deleted. */
  readonly keepDays: number;
}

export const SIGN_IN_THROTTLE: SignInThrottlePolicy = {
  // Short and capped: an owner on a new device waits at most 5 minutes between tries while
  // someone else hammers the account; on a device they signed in from before, not at all.
  account: { freeFailures: 5, firstDelaySeconds: 1, maxDelaySeconds: 300, lockAfterFailures: 100 },
  // Longer: one address guessing bites itself hardest. 20 free failures an hour leave room for a
  // clinic whose staff share one address and mistype now and then.
  client: {
    freeFailures: 20,
    firstDelaySeconds: 1,
    maxDelaySeconds: 900,
    forgetAfterSeconds: 3600,
  },
  knownClientDays: 30,
  keepDays: 30,
};

/** The wait after `failures` consecutive failures (0 while they are free). */
export function backoffSeconds(failures: number, backoff: Backoff): number {
  if (failures < backoff.freeFailures) return 0;
  const doublings = failures - backoff.freeFailures;
  // 2^31 s is past any cap; it keeps the power finite.
  return Math.min(
    backoff.firstDelaySeconds * 2 ** Math.min(doublings, 31),
    backoff.maxDelaySeconds,
  );
}
