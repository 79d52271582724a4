import { sql } from 'kysely';
import { appendAudit } from '../audit.js';
import { type Db, inClinic } from '../db/open.js';
import type { Role } from '../db/schema.js';
import { invalid, notFound, Problem } from '../http/problems.js';
import { hashPassword, type ScryptCost } from './password.js';
import { checkNewPassword } from './passwordPolicy.js';
import type { SessionUser } from './sessions.js';
import { clearAccount } from './throttleStore.js';

/**
 * What an admin does to the accounts of their clinic: create one, clear one's sign-in lock.
 * (Changing a role and disabling stay beside their route.)
 */
export const USER_COLUMNS = ['id', 'email', 'role', 'created_at', 'disabled_at'] as const;

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

/**
 * A new user of the admin's clinic, with its `user.create` audit record in the same transaction.
 *
 * An email another user of the SAME clinic has is a 409 (the admin can list them anyway). An
 * email a user of ANOTHER clinic has gets the same 201 as a new one, and the user is created:
 * any other answer would let an admin ask which emails exist elsewhere. Sign-in by that email
 * reaches the older account while it is enabled (migrations/013); docs/server.md (Sign-in) says
 * what is left.
 */
export async function createUser(
  db: Db,
  admin: SessionUser,
  input: { email: string; password: string; role: Role },
  settings: { demoPassword: string; passwordCost: ScryptCost },
): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  const refusal = await checkNewPassword(input.password, {
    email,
    demoPassword: settings.demoPassword,
  });
  if (refusal) throw invalid(refusal.field, refusal.message, refusal.code);
  const passwordHash = await hashPassword(input.password, settings.passwordCost);
  return inClinic(db, admin.clinicId, async (tx) => {
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
    await appendAudit(tx, {
      clinicId: admin.clinicId,
      userId: admin.id,
      action: 'user.create',
      resourceType: 'user',
      resourceId: created.id,
      outcome: 'ok',
    });
    return created;
  });
}

/**
 * Clear a user's sign-in waits and lock (throttle.ts), with its `user.unlock` record. Only when
 * the user is the account their email signs in to: a dormant duplicate of another clinic's
 * account must not clear that account's lock. The answer is the same either way.
 */
export async function unlockUser(db: Db, admin: SessionUser, userId: string): Promise<void> {
  await inClinic(db, admin.clinicId, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'email'])
      .where('clinic_id', '=', admin.clinicId)
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound('user');
    const { rows } = await sql<{
      id: string;
    }>`select id from auth_user_by_email(${user.email})`.execute(tx);
    if (rows[0]?.id === user.id) await clearAccount(tx, user.email);
    await appendAudit(tx, {
      clinicId: admin.clinicId,
      userId: admin.id,
      action: 'user.unlock',
      resourceType: 'user',
      resourceId: user.id,
      outcome: 'ok',
    });
  });
}
