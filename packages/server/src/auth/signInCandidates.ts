import { sql } from 'kysely';
import type { Db } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { dummyHash, type ScryptCost, verifyPassword } from './password.js';

/**
 * The accounts a sign-in checks its password against. An email is unique within a clinic only
 * (migrations/013), so several clinics may each have a user with it: every enabled one is a
 * candidate (migrations/016), and the password decides which one the person is.
 */

/**
 * At most this many candidates (the oldest) are checked. Each costs one scrypt check (32 MiB and
 * a fraction of a second of one core at the default cost) on every attempt on the email, so without
 * a bound admins of many clinics, each adding the same email, would multiply the work of every
 * sign-in to it. 8 is two rounds of libuv's default thread pool of 4 (see checkPasswords). A
 * chosen clinic's account is checked even past the bound: the login's `clinicId` always reaches
 * it.
 */
export const MAX_SIGN_IN_CANDIDATES = 8;

export interface Candidate {
  readonly id: string;
  readonly clinicId: string;
  readonly clinicName: string;
  readonly email: string;
  readonly role: Role;
  readonly passwordHash: string;
}

export interface Candidates {
  /** Oldest first. */
  readonly accounts: readonly Candidate[];
  /** Every enabled account with the email is among them (none past the bound). */
  readonly complete: boolean;
}

/**
 * The oldest MAX_SIGN_IN_CANDIDATES enabled users with the email (trimmed, lower case), and the
 * chosen clinic's if it has one and it is not among them.
 */
export async function candidatesFor(
  db: Db,
  email: string,
  clinicId: string | undefined,
): Promise<Candidates> {
  const { rows } = await sql<{
    id: string;
    clinic_id: string;
    clinic_name: string;
    email: string;
    role: Role;
    password_hash: string;
    total: number;
  }>`select t.id, t.clinic_id, t.clinic_name, t.email, t.role, t.password_hash, t.total
     from (select f.*, row_number() over (order by f.created_at, f.id) as n,
                  count(*) over ()::int as total
           from auth_users_by_email(${email}) f) t
     where t.n <= ${MAX_SIGN_IN_CANDIDATES} or t.clinic_id = ${clinicId ?? null}::uuid
     order by t.n`.execute(db);
  return {
    accounts: rows.map((row) => ({
      id: row.id,
      clinicId: row.clinic_id,
      clinicName: row.clinic_name,
      email: row.email,
      role: row.role,
      passwordHash: row.password_hash,
    })),
    complete: rows.length === 0 || rows.length === Number(rows[0].total),
  };
}

/**
 * Whether the password is each candidate's, in their order. The checks run at once: scrypt runs
 * on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), so up to 4 cost
 * about the wall time of one where the machine has the cores free, and the time of an answer says
 * little about how many clinics hold the email. No candidate (an unknown email) is checked
 * against a dummy hash of the users' cost: the same work, the same answer.
 */
export async function checkPasswords(
  password: string,
  accounts: readonly Candidate[],
  cost: ScryptCost,
): Promise<boolean[]> {
  if (accounts.length === 0) {
    await verifyPassword(password, dummyHash(cost));
    return [];
  }
  return Promise.all(accounts.map((a) => verifyPassword(password, a.passwordHash)));
}
