import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CANDIDACY_RULES } from '@microcore/core';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configFromEnv } from '../src/config.js';
import { MIGRATIONS_DIR } from '../src/db/migrate.js';
import { startServer } from '../src/main.js';
import { createTestDatabase } from './databases.js';
import {
  createPatient,
  createPlan,
  createSeries,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  TEST_COST,
  type World,
} from './helpers.js';

/**
 * Row-level security, proven where it binds: on PostgreSQL, as the app role (microcore_app:
 * not the owner, not a superuser, no BYPASSRLS), with raw SQL that has no clinic filter at all.
 * PGlite runs everything as its superuser, which RLS does not bind, so there the application's
 * own clinic filters are the only guard (the route tests prove those on both databases).
 */
const RLS_ONLY = 'PostgreSQL only: PGlite runs as a superuser, which RLS does not bind';
/** Stored cores of a plan without zones (format 1, records/planCores.ts): these plans are bare rows. */
const NO_CORES = new Uint8Array([1, 0, 0, 0, 0]);

onEachDatabase((kind) => {
  const onPostgres = it.skipIf(kind === 'pglite');
  let world: World;
  let patientA: string;
  let patientB: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patientA = await createPatient(world, world.tokens.clinicianA);
    patientB = await createPatient(world, world.tokens.clinicianB);
  });
  afterAll(() => world?.close());

  /** Raw SQL as the app role, in a transaction, with app.clinic_id set to `clinicId` if given. */
  const asApp = <T>(clinicId: string | undefined, work: (tx: Kysely<unknown>) => Promise<T>) =>
    (world.appStorage.db as unknown as Kysely<unknown>).transaction().execute(async (tx) => {
      if (clinicId) await sql`select set_config('app.clinic_id', ${clinicId}, true)`.execute(tx);
      return work(tx);
    });

  describe('row-level security', () => {
    onPostgres(`the app connects as a role that RLS binds (${RLS_ONLY})`, async () => {
      const { rows } = await sql<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>`
        select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(
        world.appStorage.db,
      );
      expect(rows).toEqual([{ rolname: 'microcore_app', rolsuper: false, rolbypassrls: false }]);
      const owner = await sql<{ owner: string }>`
        select tableowner as owner from pg_tables where tablename = 'patients'`.execute(
        world.appStorage.db,
      );
      expect(owner.rows[0].owner).toBe('microcore_owner');
    });

    onPostgres(
      `the batched patient read of migrations 010–011 is gone: one audited read path (${RLS_ONLY})`,
      async () => {
        const { rows } = await sql<{ proname: string }>`
          select proname from pg_proc where proname in ('patients_read', 'patient_in_clinic')`.execute(
          world.appStorage.db,
        );
        expect(rows).toEqual([]);
      },
    );

    onPostgres(
      `a clinic's time zone can be changed only under that clinic (${RLS_ONLY})`,
      async () => {
        const change = (scope: string | undefined, target: string) =>
          asApp(scope, (tx) =>
            sql`update clinics set time_zone = 'Asia/Tokyo' where id = ${target}`.execute(tx),
          ).then((r) => Number(r.numAffectedRows ?? 0));
        expect(await change(world.clinicA, world.clinicB)).toBe(0);
        expect(await change(undefined, world.clinicB)).toBe(0);
        expect(await change(world.clinicA, world.clinicA)).toBe(1);
        // Nothing but the time zone: the name is not the app role's to change.
        await expect(
          asApp(world.clinicA, (tx) =>
            sql`update clinics set name = 'Renamed' where id = ${world.clinicA}`.execute(tx),
          ),
        ).rejects.toThrow(/permission denied/);
      },
    );

    onPostgres(
      `a query without a clinic filter sees only its clinic's rows (${RLS_ONLY})`,
      async () => {
        const seen = await asApp(world.clinicA, async (tx) => ({
          patients: (
            await sql<{ id: string; clinic_id: string }>`select * from patients`.execute(tx)
          ).rows,
          users: (await sql<{ email: string }>`select email from users order by email`.execute(tx))
            .rows,
          audit: (await sql<{ clinic_id: string }>`select clinic_id from audit_log`.execute(tx))
            .rows,
        }));
        expect(seen.patients.map((p) => p.id)).toEqual([patientA]);
        expect(seen.users.map((u) => u.email)).toEqual([
          'admin@a.test',
          'clinician@a.test',
          'researcher@a.test',
        ]);
        expect(seen.audit.length).toBeGreaterThan(0);
        expect(new Set(seen.audit.map((r) => r.clinic_id))).toEqual(new Set([world.clinicA]));
        // The owner sees both clinics: the rows are there, RLS hides them.
        const all = await world.storage.db.selectFrom('patients').select('id').execute();
        expect(all.map((p) => p.id).sort()).toEqual([patientA, patientB].sort());
      },
    );

    onPostgres(`another clinic's row cannot be changed or claimed (${RLS_ONLY})`, async () => {
      const updated = await asApp(world.clinicA, (tx) =>
        sql`update patients set family_name = 'Changed' where id = ${patientB}`.execute(tx),
      );
      expect(updated.numAffectedRows).toBe(0n);
      const b = await world.storage.db
        .selectFrom('patients')
        .select('family_name')
        .where('id', '=', patientB)
        .executeTakeFirstOrThrow();
      expect(b.family_name).toBe('Lovelace');
      // Writing a row for clinic B while acting for clinic A breaks the policy's WITH CHECK.
      await expect(
        asApp(world.clinicA, (tx) =>
          sql`update patients set clinic_id = ${world.clinicB} where id = ${patientA}`.execute(tx),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    onPostgres(`with app.clinic_id unset nothing is visible (${RLS_ONLY})`, async () => {
      // Several times: a pooled connection that served a clinic before must see nothing too.
      for (let i = 0; i < 3; i++) {
        await asApp(world.clinicA, (tx) => sql`select 1 from patients`.execute(tx));
        const rows = await asApp(undefined, async (tx) => [
          ...(await sql`select id from patients`.execute(tx)).rows,
          ...(await sql`select id from users`.execute(tx)).rows,
          ...(await sql`select id from plans`.execute(tx)).rows,
          ...(await sql`select id from audit_log`.execute(tx)).rows,
          ...(await sql`select id from screenings`.execute(tx)).rows,
          ...(await sql`select id from treatment_series`.execute(tx)).rows,
        ]);
        expect(rows).toEqual([]);
      }
    });

    onPostgres(
      `screenings and series: only the clinic's rows, append only (${RLS_ONLY})`,
      async () => {
        const ids: Record<string, { screening: string; series: string }> = {};
        for (const [name, patient, token] of [
          ['A', patientA, world.tokens.clinicianA],
          ['B', patientB, world.tokens.clinicianB],
        ] as const) {
          const plan = await createPlan(world, token, patient);
          const series = await createSeries(world, token, patient, plan);
          const screening = await world.app.inject({
            method: 'POST',
            url: `/api/patients/${patient}/screenings`,
            headers: { authorization: `Bearer ${token}` },
            payload: {
              answers: Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false])),
            },
          });
          ids[name] = { screening: screening.json().id, series };
        }
        const seen = await asApp(world.clinicA, async (tx) => ({
          screenings: (await sql<{ id: string }>`select id from screenings`.execute(tx)).rows,
          series: (await sql<{ id: string }>`select id from treatment_series`.execute(tx)).rows,
        }));
        expect(seen.screenings.map((r) => r.id)).toEqual([ids.A.screening]);
        expect(seen.series.map((r) => r.id)).toEqual([ids.A.series]);
        for (const statement of [
          sql`update screenings set decision = 'eligible'`,
          sql`delete from screenings`,
          sql`update treatment_series set reason = 'x'`,
          sql`delete from treatment_series`,
        ]) {
          await expect(asApp(world.clinicA, (tx) => statement.execute(tx))).rejects.toThrow(
            /permission denied/,
          );
        }
        // Copying clinic B's series as clinic A's breaks the policy's WITH CHECK.
        await expect(
          asApp(world.clinicA, (tx) =>
            sql`insert into screenings (patient_id, clinic_id, date, answers, decision, reasons,
                  pre_care, created_by)
                select patient_id, ${world.clinicB}, '2026-01-01', '{}', 'eligible', '[]', '[]',
                  created_by from screenings`.execute(tx),
          ),
        ).rejects.toThrow(/row-level security/);
      },
    );

    onPostgres(`the SECURITY DEFINER lookups work for the app role (${RLS_ONLY})`, async () => {
      const user = await sql<{ email: string; clinic_id: string }>`
        select email, clinic_id from auth_user_by_email('clinician@b.test')`.execute(
        world.appStorage.db,
      );
      expect(user.rows).toEqual([{ email: 'clinician@b.test', clinic_id: world.clinicB }]);
      const me = await world.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${world.tokens.adminB}` },
      });
      expect(me.json()).toMatchObject({ email: 'admin@b.test', clinicId: world.clinicB });
    });

    it("a plan cannot be filed under one clinic for another clinic's patient, even by the owner", async () => {
      const plan = (clinicId: string, patientId: string) =>
        world.storage.db
          .insertInto('plans')
          .values({
            clinic_id: clinicId,
            patient_id: patientId,
            input: '{}',
            plan: '{}',
            cores: NO_CORES,
          })
          .execute();
      await expect(plan(world.clinicA, patientB)).rejects.toThrow(/foreign key/i);
      await expect(plan(world.clinicB, patientA)).rejects.toThrow(/foreign key/i);
      // Its own clinic's patient: accepted (the key refuses the mix, not plans).
      await expect(plan(world.clinicA, patientA)).resolves.toBeDefined();
    });

    it('migration 012 names the plans that already break the rule instead of failing on a bare key', async () => {
      const db = world.storage.db;
      await sql`alter table plans drop constraint plans_patient_clinic_fkey`.execute(db);
      const bad = await db
        .insertInto('plans')
        .values({
          clinic_id: world.clinicA,
          patient_id: patientB,
          input: '{}',
          plan: '{}',
          cores: NO_CORES,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const migration = readFileSync(join(MIGRATIONS_DIR, '012_plan_patient_clinic.sql'), 'utf8');
      await expect(sql.raw(migration).execute(db)).rejects.toThrow(
        new RegExp(`plans filed under another clinic than their patient's: ${bad.id}`),
      );
      await db.deleteFrom('plans').where('id', '=', bad.id).execute();
      await sql.raw(migration).execute(db);
      await expect(
        db
          .insertInto('plans')
          .values({
            clinic_id: world.clinicA,
            patient_id: patientB,
            input: '{}',
            plan: '{}',
            cores: NO_CORES,
          })
          .execute(),
      ).rejects.toThrow(/foreign key/i);
    });

    onPostgres(`the app role cannot rewrite the audit trail (${RLS_ONLY})`, async () => {
      await expect(
        asApp(world.clinicA, (tx) => sql`update audit_log set outcome = 'ok'`.execute(tx)),
      ).rejects.toThrow(/permission denied/);
      await expect(
        asApp(world.clinicA, (tx) => sql`delete from patients where id = ${patientA}`.execute(tx)),
      ).rejects.toThrow(/permission denied/);
    });
  });
});

describe('npm start on PostgreSQL (skipped without a PostgreSQL server)', () => {
  it.skipIf(!inject('postgres'))(
    'migrates as DATABASE_MIGRATION_URL (the owner), serves as DATABASE_URL (the app role), seeds the demo',
    async () => {
      const database = await createTestDatabase('postgres');
      const lines: string[] = [];
      try {
        const { app, owner } = database;
        if (!('databaseUrl' in app && 'databaseUrl' in owner)) throw new Error('not PostgreSQL');
        const config = configFromEnv({
          PORT: '0',
          DATABASE_URL: app.databaseUrl,
          DATABASE_MIGRATION_URL: owner.databaseUrl,
          MICROCORE_DEMO: '1',
          MICROCORE_LOG_LEVEL: 'silent',
          MICROCORE_DEMO_PASSWORD: PASSWORD,
          MICROCORE_AUDIT_KEY: randomBytes(32).toString('base64'),
        });
        const server = await startServer({ ...config, passwordCost: TEST_COST }, (line) =>
          lines.push(line),
        );
        try {
          expect(lines.join('\n')).toMatch(/\(PostgreSQL\)[\s\S]*demo clinic created/);
          const login = await server.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            payload: { email: 'clinician@demo.clinic', password: PASSWORD },
          });
          expect(login.statusCode).toBe(200);
          const { rows } = await sql<{ user: string }>`select current_user as user`.execute(
            server.storage.db,
          );
          expect(rows[0].user).toBe('microcore_app');
        } finally {
          await server.close();
        }
      } finally {
        await database.drop();
      }
    },
  );
});
