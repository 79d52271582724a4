import { type RawBuilder, sql } from 'kysely';
import { z } from 'zod';
import type { Scope } from '../audited.js';
import { hashPassword, type ScryptCost } from '../auth/password.js';
import { checkNewPassword } from '../auth/passwordPolicy.js';
import { clearAccount } from '../auth/throttleStore.js';
import type { Role } from '../db/schema.js';
import { invalid, notFound, Problem } from '../http/problems.js';

/**
 * A user of a clinic: what an admin lists, creates, changes and unlocks. Users are never deleted
 * (the audit trail names them); a disabled user can neither sign in nor use a session.
 */

export const ROLES = ['admin', 'clinician', 'researcher'] as const;

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  createdAt: z.string(),
});
type User = z.infer<typeof userSchema>;

export const createUserBody = z.strictObject({
  email: z.email().max(254),
  password: z.string().max(1024),
  role: z.enum(ROLES),
});

export const patchUserBody = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => b.role !== undefined || b.disabled !== undefined, {
    message: 'give role or disabled',
  });

const USER_COLUMNS = ['id', 'email', 'role', 'created_at', 'disabled_at'] as const;

interface UserRow {
  id: string;
  email: string;
  role: Role;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function listUsers({ tx, user }: Scope): Promise<User[]> {
  const rows = await tx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('clinic_id', '=', user.clinicId)
    .orderBy('email')
    .execute();
  return rows.map(toUser);
}

/**
 * The password's hash for a new user, after the policy's checks (422 `password` otherwise). Slow
 * on purpose (scrypt): done before the transaction, so the database is not held meanwhile.
 */
export async function newUserPasswordHash(
  input: { email: string; password: string },
  settings: { demoPassword: string; passwordCost: ScryptCost },
): Promise<string> {
  const refusal = await checkNewPassword(input.password, {
    email: input.email.trim().toLowerCase(),
    demoPassword: settings.demoPassword,
  });
  if (refusal) throw invalid(refusal.field, refusal.message, refusal.code);
  return hashPassword(input.password, settings.passwordCost);
}

/**
 * A new user of the admin's clinic.
 *
 * An email another user of the SAME clinic has is a 409 (the admin can list them anyway). An
 * email a user of ANOTHER clinic has gets the same 201 as a new one, and the user is created:
 * any other answer would let an admin ask which emails exist elsewhere. Sign-in by that email
 * reaches the older account while it is enabled (migrations/013); docs/server.md (Sign-in) says
 * what is left.
 */
export async function insertUser(
  { tx, user: admin }: Scope,
  input: { email: string; role: Role },
  passwordHash: string,
): Promise<User> {
  const email = input.email.trim().toLowerCase();
  const created = await tx
    .insertInto('users')
    .values({ clinic_id: admin.clinicId, email, role: input.role, password_hash: passwordHash })
    .onConflict((oc) => oc.columns(['clinic_id', 'email']).doNothing())
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  if (!created)
    throw new Problem('conflict', 'a user of your clinic already has this email', {
      code: 'user.email-taken',
    });
  return toUser(created);
}

/**
 * Change a user's role, or disable or enable them (a disabled user's sessions end at once). Not
 * oneself, and never the clinic's last enabled admin. `id` is canonical (http/ids.ts), so the
 * comparisons below see one spelling of it.
 */
export async function updateUser(
  { tx, user: admin }: Scope,
  id: string,
  { role, disabled }: z.infer<typeof patchUserBody>,
): Promise<User> {
  // An admin who demoted or disabled themselves could leave the clinic without one.
  if (id === admin.id)
    throw new Problem(
      'conflict',
      'you cannot change your own role or disable yourself; ask another admin',
    );
  if (disabled === true || (role !== undefined && role !== 'admin')) {
    // The clinic keeps at least one enabled admin. The enabled admins are locked, so two admins
    // demoting each other at once are serialized and the second is refused.
    const admins = await tx
      .selectFrom('users')
      .select('id')
      .where('clinic_id', '=', admin.clinicId)
      .where('role', '=', 'admin')
      .where('disabled_at', 'is', null)
      .forUpdate()
      .execute();
    if (admins.every((a) => a.id === id))
      throw new Problem(
        'conflict',
        'this would leave the clinic without an enabled admin; make another user admin first',
      );
  }
  const changes: { role?: Role; disabled_at?: RawBuilder<Date> | null } = {};
  if (role !== undefined) changes.role = role;
  if (disabled !== undefined) changes.disabled_at = disabled ? sql<Date>`now()` : null;
  const row = await tx
    .updateTable('users')
    .set(changes)
    .where('clinic_id', '=', admin.clinicId)
    .where('id', '=', id)
    .returning(USER_COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound('user');
  if (disabled === true)
    await tx
      .updateTable('sessions')
      .set({ revoked_at: sql`now()` })
      .where('user_id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  return toUser(row);
}

/**
 * Clear a user's sign-in waits and lock (auth/throttle.ts). They are the email's, shared by every
 * clinic's user with it (sign-in checks the password against each), so only when the user is the
 * one enabled user with the email: an admin who gave their own clinic's user another clinic's
 * user's email must not clear the lock on guesses at that user's password. The answer is the same
 * either way, so it does not tell whether another clinic has the email.
 */
export async function unlockUser({ tx, user: admin }: Scope, userId: string): Promise<void> {
  const user = await tx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('clinic_id', '=', admin.clinicId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) throw notFound('user');
  const { rows } = await sql<{
    id: string;
  }>`select id from auth_users_by_email(${user.email}) limit 2`.execute(tx);
  if (rows.length === 1 && rows[0].id === user.id) await clearAccount(tx, user.email);
}
