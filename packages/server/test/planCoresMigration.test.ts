import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DEFAULT_TEMPLATE, type Plan, type PlanInput, planTreatment } from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate.js';
import { openStorage } from '../src/db/open.js';
import { toStoredPlanForm } from '../src/records/planCores.js';
import { createClinic } from '../src/seed.js';
import { createTestDatabase } from './databases.js';
import { bearer, onEachDatabase, PASSWORD, TEST_COST } from './helpers.js';

/**
 * Migration 017 moves each stored plan's cores from its jsonb into bytes, in SQL. A database with
 * plans stored the old way (the schema before 017, the whole plan as jsonb) must read back through
 * the API exactly as before, and the SQL must build the very bytes the server's encoder builds.
 */

const ALL_ZONES = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

/** The migrations before 017, in a folder of their own. */
function migrationsBefore017(): string {
  const dir = mkdtempSync(join(tmpdir(), 'microcore-pre017-'));
  for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => /^\d{3}_.*\.sql$/.test(n)))
    if (name < '017') copyFileSync(join(MIGRATIONS_DIR, name), join(dir, name));
  return dir;
}

/** The plan as JSON holds it (what the API answered when it was made). */
const asJson = (plan: unknown) => JSON.parse(JSON.stringify(plan));

const INPUTS: [string, Record<string, unknown>, PlanInput][] = [
  ['clinical, submental', { zones: ['submental'], seed: 3 }, { zones: ['submental'], seed: 3 }],
  [
    'every zone, 27G, fields pattern',
    { zones: ALL_ZONES, needle: '27G', coverage: 5, pattern: 'fields', seed: 4 },
    { zones: ALL_ZONES, needle: '27G', coverageFraction: 0.05, pattern: 'fields', seed: 4 },
  ],
  [
    'research, 22G at 30 %',
    { mode: 'research', zones: ['cheek-right'], coverage: 30, bridgeMm: 0.1, seed: 5 },
    {
      mode: 'research',
      zones: ['cheek-right'],
      coverageFraction: 0.3,
      bridgeMm: 0.1,
      seed: 5,
    },
  ],
];

/** A database migrated up to 016, with a clinic, a clinician and a patient. */
async function databaseBefore017(kind: 'pglite' | 'postgres') {
  const database = await createTestDatabase(kind);
  const storage = await openStorage(database.owner);
  const before = migrationsBefore017();
  await migrate(storage.db, before);
  rmSync(before, { recursive: true, force: true });
  const appStorage = kind === 'pglite' ? storage : await openStorage(database.app);
  const clinic = await createClinic(
    appStorage.db,
    'Clinic of old plans',
    [{ email: 'clinician@old.test', role: 'clinician', password: PASSWORD }],
    TEST_COST,
  );
  const patient = await storage.db
    .insertInto('patients')
    .values({
      clinic_id: clinic.clinicId,
      given_name: 'Ada',
      family_name: 'Lovelace',
      birth_date: '1970-01-01',
      sex: 'female',
      fitzpatrick_type: 2,
      laxity_grade: 2.5,
      email: null,
      phone: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  /** A plan stored as every server before 017 stored it: the whole plan as jsonb. */
  const storeOld = async (input: unknown, plan: unknown) => {
    const { rows } = await sql<{ id: string }>`
      insert into plans (patient_id, clinic_id, input, plan)
      values (${patient.id}, ${clinic.clinicId}, ${JSON.stringify(input)}, ${JSON.stringify(plan)})
      returning id`.execute(storage.db);
    return (rows[0] as { id: string }).id;
  };
  const close = async () => {
    if (appStorage !== storage) await appStorage.close();
    await storage.close();
    await database.drop();
  };
  return { database, storage, appStorage, clinic, patientId: patient.id, storeOld, close };
}

onEachDatabase((kind) => {
  describe('migration 017: plans stored before it', () => {
    let old: Awaited<ReturnType<typeof databaseBefore017>>;
    let app: App;
    let token: string;
    const stored: { id: string; request: Record<string, unknown>; plan: unknown }[] = [];
    beforeAll(async () => {
      old = await databaseBefore017(kind);
      for (const [, request, input] of INPUTS) {
        const plan = planTreatment(input);
        stored.push({ id: await old.storeOld(request, plan), request, plan: asJson(plan) });
      }
      // A zone without cores (a hand-made plan: the planner gives each zone some), so the SQL's
      // empty aggregate is tried too.
      const made = planTreatment({ zones: ['submental', 'cheek-left'], seed: 9 });
      const empty: Plan = {
        ...made,
        zones: made.zones.map((z, i) => (i === 0 ? { ...z, coreCount: 0, cores: [] } : z)),
      };
      stored.push({
        id: await old.storeOld({ zones: ['submental', 'cheek-left'] }, empty),
        request: { zones: ['submental', 'cheek-left'] },
        plan: asJson(empty),
      });
      expect(await migrate(old.storage.db)).toContain('017_plan_cores');
      app = await buildApp({
        db: old.appStorage.db,
        config: { passwordCost: TEST_COST },
        logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
      });
      await app.ready();
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'clinician@old.test', password: PASSWORD },
      });
      token = login.json().token;
    });
    afterAll(async () => {
      await app?.close();
      await old?.close();
    });

    it('builds in SQL the very bytes and head the server stores for a new plan', async () => {
      const rows = await old.storage.db
        .selectFrom('plans')
        .select(['id', 'plan', sql<string>`encode(cores, 'base64')`.as('cores_base64')])
        .execute();
      expect(rows.length).toBe(stored.length);
      for (const { id, plan } of stored) {
        const row = rows.find((r) => r.id === id);
        const expected = toStoredPlanForm(plan as Plan);
        expect(Buffer.from(row?.cores_base64 ?? '', 'base64')).toEqual(
          Buffer.from(expected.coresBase64, 'base64'),
        );
        expect(row?.plan).toEqual(JSON.parse(expected.headJson));
      }
    });

    it('reads each plan back through the API exactly as it was stored', async () => {
      for (const { id, request, plan } of stored) {
        const response = await app.inject({
          method: 'GET',
          url: `/api/patients/${old.patientId}/plans/${id}`,
          headers: bearer(token),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json().plan).toEqual(plan);
        expect(response.json().input).toEqual(request);
      }
    });

    it('lists the plans with their summaries, read from the head', async () => {
      const response = await app.inject({
        method: 'GET',
        url: `/api/patients/${old.patientId}/plans`,
        headers: bearer(token),
      });
      expect(response.statusCode).toBe(200);
      const items: { id: string; zones: string[]; totals: unknown; needle: string }[] =
        response.json().items;
      for (const { id, plan } of stored) {
        const whole = plan as Plan;
        expect(items.find((item) => item.id === id)).toMatchObject({
          zones: whole.zones.map((z) => z.id),
          totals: whole.totals,
          needle: whole.needle.gauge,
        });
      }
    });

    it('a session can be recorded against a migrated plan (its zones come from the head)', async () => {
      const [first] = stored;
      const response = await app.inject({
        method: 'POST',
        url: `/api/patients/${old.patientId}/sessions`,
        headers: bearer(token),
        payload: {
          planId: first?.id,
          date: '2026-01-05',
          zones: [{ zoneId: 'submental', coresDelivered: 10 }],
          anaesthesia: 'topical',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
    });
  });

  it('a plan with a coordinate off the 1e-4 mm grid stops migration 017 with its id, and nothing changes', async () => {
    const old = await databaseBefore017(kind);
    try {
      const plan = asJson(planTreatment({ zones: ['submental'], seed: 2 }));
      plan.zones[0].cores[3] = [12.34565, -7];
      const id = await old.storeOld({ zones: ['submental'] }, plan);
      await expect(migrate(old.storage.db)).rejects.toThrow(
        new RegExp(`not pairs of coordinates on the 1e-4 mm grid: ${id}`),
      );
      const applied = await old.storage.db.selectFrom('schema_migrations').select('name').execute();
      expect(applied.map((r) => r.name)).not.toContain('017_plan_cores');
      const { rows } = await sql<{ plan: Plan }>`select plan from plans`.execute(old.storage.db);
      expect(rows[0]?.plan).toEqual(plan);
    } finally {
      await old.close();
    }
  });
});
