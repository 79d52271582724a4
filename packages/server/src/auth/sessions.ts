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
export async function findSession(db: Db, token: string): Promise<SessionUser | undefined> {
  if (token.length === 0 || token.length > 128) return undefined;
  const tokenHash = hashToken(token);
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
