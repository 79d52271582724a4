import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { seedDemo } from '../src/seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { onEachDatabase, TEST_COST } from './helpers.js';

/** Every migration file, in order (each engineer's new one joins the list by itself). */
const ALL = readdirSync(MIGRATIONS_DIR)
  .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
  .sort()
  .map((name) => name.replace(/\.sql$/, ''));

onEachDatabase((kind) => {
  let database: TestDatabase;
  let storage: Storage;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = await openStorage(database.owner);
  });
  afterAll(async () => {
    await storage.close();
    await database.drop();
  });

  describe('migrations', () => {
    it('apply in order and are recorded; applying again is a no-op', async () => {
      expect(ALL.slice(0, 2)).toEqual(['001_init', '002_app_role']);
      expect(ALL).toContain('004_records');
      expect(await migrate(storage.db)).toEqual(ALL);
      const recorded = await storage.db.selectFrom('schema_migrations').selectAll().execute();
      expect(recorded.map((r) => r.name)).toEqual(ALL);
      expect(await migrate(storage.db)).toEqual([]);
      expect(await storage.db.selectFrom('schema_migrations').selectAll().execute()).toEqual(
        recorded,
      );
    });

    it('enable row-level security with a clinic policy on every tenant table', async () => {
      // A tenant table is one with a clinic_id column: each, including any a later migration
      // adds, must have RLS on and a policy on app.clinic_id.
      const { rows } = await sql<{ relname: string; relrowsecurity: boolean }>`
      select c.relname, c.relrowsecurity from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r'
        and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'clinic_id' and not a.attisdropped)
      order by c.relname`.execute(storage.db);
      const tenantTables = rows.map((r) => r.relname);
      expect(tenantTables).toEqual(
        expect.arrayContaining([
          'adverse_events',
          'assessments',
          'audit_heads',
          'audit_log',
          'consents',
          'patients',
          'photos',
          'plans',
          'treatment_sessions',
          'users',
        ]),
      );
      for (const row of rows) expect(row.relrowsecurity, row.relname).toBe(true);
      const policies = await sql<{ tablename: string; qual: string; with_check: string }>`
      select tablename, qual, with_check from pg_policies`.execute(storage.db);
      const tenantPolicies = policies.rows.filter((p) => p.tablename !== 'clinics');
      expect(tenantPolicies.map((p) => p.tablename).sort()).toEqual(tenantTables);
      for (const policy of tenantPolicies) {
        expect(policy.qual).toContain("current_setting('app.clinic_id'");
        expect(policy.with_check).toContain("current_setting('app.clinic_id'");
      }
      // clinics (migration 015): anyone reads and creates (sign-in and the seed need it before a
      // clinic is known); an update reaches only the clinic the transaction is scoped to.
      const clinicPolicies = policies.rows.filter((p) => p.tablename === 'clinics');
      expect(clinicPolicies).toHaveLength(3);
      expect(
        clinicPolicies.filter((p) => p.qual?.includes("current_setting('app.clinic_id'")),
      ).toHaveLength(1);
    });

    it('a failing migration leaves nothing behind and is not recorded', async () => {
      const failDir = mkdtempSync(join(tmpdir(), 'microcore-migrations-'));
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(failDir, '001_init.sql'), 'select 1');
      writeFileSync(
        join(failDir, '003_broken.sql'),
        'create table half_made (id int); select * from no_such_table;',
      );
      await expect(migrate(storage.db, failDir)).rejects.toThrow(/no_such_table/);
      const names = (await storage.db.selectFrom('schema_migrations').select('name').execute()).map(
        (r) => r.name,
      );
      expect(names).toEqual(ALL);
      const { rows } = await sql`select 1 from pg_class where relname = 'half_made'`.execute(
        storage.db,
      );
      expect(rows).toEqual([]);
      rmSync(failDir, { recursive: true, force: true });
    });

    it('the demo clinic is created once, and the data survives a restart', async () => {
      // Without the synthetic cohort (test/seed.test.ts seeds it): only the clinic and logins.
      const options = { cost: TEST_COST, syntheticPatients: 0 };
      expect(await seedDemo(storage.db, 'demo password', options)).not.toBeNull();
      expect(await seedDemo(storage.db, 'demo password', options)).toBeNull();
      await storage.close();
      storage = await openStorage(database.owner);
      expect(await migrate(storage.db)).toEqual([]);
      const { rows } = await sql<{
        email: string;
      }>`select email from auth_user_by_email('clinician@demo.clinic')`.execute(storage.db);
      expect(rows.map((r) => r.email)).toEqual(['clinician@demo.clinic']);
    });
  });
});
