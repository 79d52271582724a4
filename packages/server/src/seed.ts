import { sql } from 'kysely';
import { appendAuditRecords } from './audit.js';
import { hashPassword, type ScryptCost } from './auth/password.js';
import { type Db, inClinic, type Tx } from './db/open.js';
import type { Role } from './db/schema.js';
import {
  type CohortCounts,
  DEMO_COHORT_PATIENTS,
  insertCohort,
  predictCohort,
  prepareCohort,
} from './demoCohort.js';

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
  const created = await inClinic(db, clinic.id, (tx) => insertUsers(tx, clinic.id, users, hashes));
  return { clinicId: clinic.id, users: created };
}

/** The users of a clinic, inside a transaction scoped to it. */
async function insertUsers(
  tx: Tx,
  clinicId: string,
  users: readonly { email: string; role: Role }[],
  hashes: readonly string[],
): Promise<SeededClinic['users']> {
  const result: SeededClinic['users'] = {};
  for (const [i, user] of users.entries()) {
    const row = await tx
      .insertInto('users')
      .values({
        clinic_id: clinicId,
        email: user.email.toLowerCase(),
        role: user.role,
        password_hash: hashes[i],
      })
      .returning(['id', 'email', 'role'])
      .executeTakeFirstOrThrow();
    result[user.email] = row;
  }
  return result;
}

/**
 * The demo clinic's users: an admin, a clinician and a researcher (who sees the pooled,
 * de-identified evidence only; the demo cohort is in their pool, marked synthetic).
 */
export const DEMO_USERS = [
  'admin@demo.clinic',
  'clinician@demo.clinic',
  'researcher@demo.clinic',
] as const;

export interface DemoSeedOptions {
  readonly cost?: ScryptCost;
  /** Synthetic patients to seed (default 72; 0: none, for tests that only need the logins). */
  readonly syntheticPatients?: number;
  /** The server's clock (tests pin it); the cohort ends at this day. */
  readonly now?: Date;
}

export interface DemoSeed {
  readonly clinicId: string;
  /** What the synthetic cohort added (all zero without one). */
  readonly synthetic: CohortCounts;
}

const NO_COHORT: CohortCounts = {
  patients: 0,
  plans: 0,
  screenings: 0,
  series: 0,
  sessions: 0,
  assessments: 0,
  adverseEvents: 0,
  consents: 0,
};

/** Any number: it only has to be the same for every server that seeds. */
const SEED_LOCK = 0x6d6963726f;

/**
 * The demo clinic, when the database has no clinic yet: its three users and the synthetic cohort
 * (src/demoCohort.ts), all in ONE transaction — a start killed half-way leaves a new database,
 * which the next start seeds again, never a demo clinic without its cohort. Returns null when
 * the database already had a clinic (nothing is written).
 *
 * Audit: one `demo.seed` record for the clinic and one per synthetic patient (resource type
 * `patient`, no user: the server did it), appended in the same transaction. A patient's trail
 * thus says how they came to exist; a record per session or assessment would add ~600 records
 * that say nothing more.
 */
export async function seedDemo(
  db: Db,
  password: string,
  options: DemoSeedOptions = {},
): Promise<DemoSeed | null> {
  const any = await db.selectFrom('clinics').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  // The slow, pure parts (scrypt, the planner, the plans' predictions) outside the transaction.
  const users = [
    { email: DEMO_USERS[0], role: 'admin' as const, password },
    { email: DEMO_USERS[1], role: 'clinician' as const, password },
    { email: DEMO_USERS[2], role: 'researcher' as const, password },
  ];
  const patients = options.syntheticPatients ?? DEMO_COHORT_PATIENTS;
  const prepared = patients > 0 ? prepareCohort(patients, options.now ?? new Date()) : null;
  // scrypt in libuv's threads, the predictions in the planner's: side by side.
  const [hashes, cohort] = await Promise.all([
    Promise.all(users.map((u) => hashPassword(u.password, options.cost))),
    prepared && predictCohort(prepared),
  ]);
  return db.transaction().execute(async (tx) => {
    // Two servers starting on one new PostgreSQL database: the second waits, then sees the clinic.
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(tx);
    const again = await tx.selectFrom('clinics').select('id').limit(1).executeTakeFirst();
    if (again) return null;
    const clinic = await tx
      .insertInto('clinics')
      .values({ name: 'Demo clinic' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`select set_config('app.clinic_id', ${clinic.id}, true)`.execute(tx);
    const created = await insertUsers(tx, clinic.id, users, hashes);
    const clinician = created[DEMO_USERS[1]];
    const seeded = cohort ? await insertCohort(tx, clinic.id, clinician.id, cohort) : null;
    if (seeded) {
      await appendAuditRecords(tx, clinic.id, [
        {
          clinicId: clinic.id,
          userId: null,
          action: 'demo.seed',
          resourceType: 'clinic',
          resourceId: clinic.id,
          outcome: 'ok',
        },
        ...seeded.audit,
      ]);
    }
    return { clinicId: clinic.id, synthetic: seeded?.counts ?? NO_COHORT };
  });
}
