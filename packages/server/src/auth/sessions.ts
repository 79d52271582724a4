import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/open.js';
import type { Role } from '../db/schema.js';

export interface SessionUser {
  readonly id: string;
  readonly clinicId: string;
  readonly email: string;
  readonly role: Role;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

export const SESSION_COOKIE = 'microcore_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session: 32 random bytes as base64url; only its SHA-256 is stored. */
export async function createSession(
  db: Db,
  userId: string,
  hours: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + hours * 3600_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: hashToken(token), user_id: userId, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The live (unexpired, unrevoked) session's user, through the owner-run lookup function. */
async function findSessionByHash(db: Db, tokenHash: string): Promise<SessionUser | undefined> {
  const { rows } = await sql<{
    user_id: string;
    clinic_id: string;
    email: string;
    role: Role;
    expires_at: Date;
  }>`select * from auth_session(${tokenHash})`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.user_id,
    clinicId: row.clinic_id,
    email: row.email,
    role: row.role,
    tokenHash,
    expiresAt: new Date(row.expires_at),
  };
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: sql`now()` })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Live sessions remembered for a few seconds, so a burst of requests costs one lookup, not one
 * each. This process forgets a session the moment it is revoked here (logout, a user disabled);
 * another server process behind the same database may honour it for at most `ttlSeconds` more,
 * which is the price of the cache (README: MICROCORE_SESSION_CACHE_SECONDS; 0 turns it off).
 */
export class SessionCache {
  static readonly MAX_ENTRIES = 10_000;
  readonly #ttlMs: number;
  readonly #entries = new Map<string, { user: SessionUser; untilMs: number }>();
  /**
   * Bumped by every forget: a lookup that was already on its way when a session was revoked (or
   * a user disabled or changed) may bring back the old answer, so it is not cached.
   */
  #generation = 0;

  constructor(ttlSeconds: number) {
    this.#ttlMs = ttlSeconds * 1000;
  }

  async find(db: Db, token: string): Promise<SessionUser | undefined> {
    if (token.length === 0 || token.length > 128) return undefined;
    const tokenHash = hashToken(token);
    const nowMs = Date.now();
    const hit = this.#entries.get(tokenHash);
    if (hit && hit.untilMs > nowMs) return hit.user;
    this.#entries.delete(tokenHash);
    const generation = this.#generation;
    const user = await findSessionByHash(db, tokenHash);
    if (user && this.#ttlMs > 0 && generation === this.#generation) {
      if (this.#entries.size >= SessionCache.MAX_ENTRIES) {
        // The oldest entry (a Map iterates in insertion order).
        const oldest = this.#entries.keys().next().value;
        if (oldest !== undefined) this.#entries.delete(oldest);
      }
      const untilMs = Math.min(nowMs + this.#ttlMs, user.expiresAt.getTime());
      this.#entries.set(tokenHash, { user, untilMs });
    }
    return user;
  }

  /** Forget one session (after it was revoked). */
  forget(tokenHash: string): void {
    this.#generation++;
    this.#entries.delete(tokenHash);
  }

  /** Forget every session of a user (after the user was disabled or their role changed). */
  forgetUser(userId: string): void {
    this.#generation++;
    for (const [hash, entry] of this.#entries)
      if (entry.user.id === userId) this.#entries.delete(hash);
  }
}
