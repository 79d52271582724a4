import { hashPassword, type ScryptCost } from './auth/password.js';
import { type Db, inClinic } from './db/open.js';
import type { Role } from './db/schema.js';

export interface SeededClinic {
  readonly clinicId: string;
  readonly users: Record<string, { id: string; email: string; role: Role }>;
}

/** Create a clinic and its users (the demo clinic at first start; test fixtures). */
export async function createClinic(
  db: Db,
  name: string,
  users: readonly { email: string; role: Role; password: string }[],
  cost?: ScryptCost,
): Promise<SeededClinic> {
  const hashes = await Promise.all(users.map((u) => hashPassword(u.password, cost)));
  const clinic = await db
    .insertInto('clinics')
    .values({ name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await inClinic(db, clinic.id, async (tx) => {
    const result: SeededClinic['users'] = {};
    for (const [i, user] of users.entries()) {
      const row = await tx
        .insertInto('users')
        .values({
          clinic_id: clinic.id,
          email: user.email.toLowerCase(),
          role: user.role,
          password_hash: hashes[i],
        })
        .returning(['id', 'email', 'role'])
        .executeTakeFirstOrThrow();
      result[user.email] = row;
    }
    return result;
  });
  return { clinicId: clinic.id, users: created };
}

export const DEMO_USERS = ['admin@demo.clinic', 'clinician@demo.clinic'] as const;

/** The demo clinic, when the database has no clinic yet; returns whether it was created. */
export async function seedDemo(db: Db, password: string, cost?: ScryptCost): Promise<boolean> {
  const any = await db.selectFrom('clinics').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await createClinic(
    db,
    'Demo clinic',
    [
      { email: DEMO_USERS[0], role: 'admin', password },
      { email: DEMO_USERS[1], role: 'clinician', password },
    ],
    cost,
  );
  return true;
}
