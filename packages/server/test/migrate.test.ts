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

/** The shipped migrations, in file-name order (every test below expects all of them). */
const SHIPPED = readdirSync(MIGRATIONS_DIR)
  .filter((name) => name.endsWith('.sql'))
  .map((name) => name.replace(/\.sql$/, ''))
  .sort();

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
      expect(SHIPPED.slice(0, 3)).toEqual(['001_init', '002_app_role', '003_audit_append']);
      expect(await migrate(storage.db)).toEqual(SHIPPED);
      const recorded = await storage.db.selectFrom('schema_migrations').selectAll().execute();
      expect(recorded.map((r) => r.name)).toEqual(SHIPPED);
      expect(await migrate(storage.db)).toEqual([]);
      expect(await storage.db.selectFrom('schema_migrations').selectAll().execute()).toEqual(
        recorded,
      );
    });

    it('enable row-level security with a clinic policy on every tenant table', async () => {
      const { rows } = await sql<{ relname: string; relrowsecurity: boolean }>`
      select relname, relrowsecurity from pg_class
      where relname in ('users', 'patients', 'plans', 'audit_log', 'audit_heads', 'screenings',
        'treatment_series')`.execute(storage.db);
      expect(rows).toHaveLength(7);
      for (const row of rows) expect(row.relrowsecurity, row.relname).toBe(true);
      const policies = await sql<{ tablename: string; qual: string }>`
      select tablename, qual from pg_policies`.execute(storage.db);
      expect(policies.rows.map((p) => p.tablename).sort()).toEqual([
        'audit_heads',
        'audit_log',
        'patients',
        'plans',
        'screenings',
        'treatment_series',
        'users',
      ]);
      for (const policy of policies.rows)
        expect(policy.qual).toContain("current_setting('app.clinic_id'");
    });

    it('a failing migration leaves nothing behind and is not recorded', async () => {
      const failDir = mkdtempSync(join(tmpdir(), 'microcore-migrations-'));
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(failDir, '001_init.sql'), 'select 1');
      writeFileSync(
        join(failDir, '999_broken.sql'),
        'create table half_made (id int); select * from no_such_table;',
      );
      await expect(migrate(storage.db, failDir)).rejects.toThrow(/no_such_table/);
      const names = (await storage.db.selectFrom('schema_migrations').select('name').execute()).map(
        (r) => r.name,
      );
      expect(names).toEqual(SHIPPED);
      const { rows } = await sql`select 1 from pg_class where relname = 'half_made'`.execute(
        storage.db,
      );
      expect(rows).toEqual([]);
      rmSync(failDir, { recursive: true, force: true });
    });

    it('the demo clinic is created once, and the data survives a restart', async () => {
      expect(await seedDemo(storage.db, 'demo password', TEST_COST)).toBe(true);
      expect(await seedDemo(storage.db, 'demo password', TEST_COST)).toBe(false);
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
