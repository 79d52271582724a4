import {
  type AdverseEventType,
  type EvidenceJourney,
  type FitzpatrickType,
  type GaisScore,
  PREDICTION_DEFAULTS,
  predictFollowUps,
  recommendedSessions,
  type SatisfactionScore,
  type SessionZoneRecord,
  summarizeEvidence,
} from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { ConfigError, configFromEnv } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { openStorage, type Storage } from '../src/db/open.js';
import { monthsBefore, seedToday } from '../src/demoCohort.js';
import { snapshotCutoff } from '../src/evidence/researchPool.js';
import { startServer } from '../src/main.js';
import { PREDICTION_PARAMETERS_ID } from '../src/plans/predictionModelId.js';
import { DEMO_USERS, type DemoSeed, seedDemo } from '../src/seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { onEachDatabase, TEST_COST } from './helpers.js';

/**
 * The demo clinic's synthetic cohort (issue 5, "Demo data"): seeded with the demo clinic into a
 * new database, as the app role (RLS binds it on PostgreSQL), marked synthetic, within the
 * API's rules.
 */
const PASSWORD = 'demo password';

onEachDatabase((kind) => {
  describe('the demo seed with the synthetic cohort', () => {
    let database: TestDatabase;
    let owner: Storage;
    let appStorage: Storage;
    let app: App;
    let seeded: DemoSeed;
    let seedMs: number;
    const token: Record<'admin' | 'clinician' | 'researcher', string> = {
      admin: '',
      clinician: '',
      researcher: '',
    };
    const today = seedToday(new Date());

    beforeAll(async () => {
      database = await createTestDatabase(kind);
      owner = await openStorage(database.owner);
      await migrate(owner.db);
      appStorage = kind === 'pglite' ? owner : await openStorage(database.app);
      const started = performance.now();
      const result = await seedDemo(appStorage.db, PASSWORD, { cost: TEST_COST });
      seedMs = performance.now() - started;
      if (!result) throw new Error('the demo clinic was not created');
      seeded = result;
      app = await buildApp({
        db: appStorage.db,
        config: { passwordCost: TEST_COST, logLevel: 'silent' },
        // Past the research pool's next quarterly snapshot, so today's seed is in it.
        clock: () => new Date(Date.now() + 400 * 86_400_000),
      });
      await app.ready();
      for (const [role, email] of [
        ['admin', DEMO_USERS[0]],
        ['clinician', DEMO_USERS[1]],
        ['researcher', DEMO_USERS[2]],
      ] as const) {
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password: PASSWORD },
        });
        expect(login.statusCode).toBe(200);
        token[role] = login.json().token;
      }
    }, 120_000);

    afterAll(async () => {
      await app?.close();
      if (appStorage && appStorage !== owner) await appStorage.close();
      await owner?.close();
      await database?.drop();
    });

    const get = (role: keyof typeof token, url: string) =>
      app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token[role]}` } });

    it('seeds ≥ 60 synthetic patients across Fitzpatrick I–VI and several laxity grades', async () => {
      const { rows: sizes } = await sql<{ database: string; plans: string }>`
        select pg_database_size(current_database()) as database,
          pg_total_relation_size('plans') as plans`.execute(owner.db);
      const mib = (bytes: string) => `${(Number(bytes) / 2 ** 20).toFixed(1)} MiB`;
      // The measurement the notes quote (seeding time, database and plans size).
      console.info(
        `demo seed on ${kind}: ${seedMs.toFixed(0)} ms, database ${mib(sizes[0].database)}, ` +
          `plans ${mib(sizes[0].plans)}, ${JSON.stringify(seeded.synthetic)}`,
      );
      expect(seeded.synthetic.patients).toBeGreaterThanOrEqual(60);
      const patients = await owner.db
        .selectFrom('patients')
        .select(['fitzpatrick_type', 'laxity_grade', 'synthetic', 'clinic_id'])
        .execute();
      expect(patients).toHaveLength(seeded.synthetic.patients);
      expect(patients.every((p) => p.synthetic && p.clinic_id === seeded.clinicId)).toBe(true);
      expect(new Set(patients.map((p) => Number(p.fitzpatrick_type)))).toEqual(
        new Set([1, 2, 3, 4, 5, 6]),
      );
      expect(new Set(patients.map((p) => Number(p.laxity_grade))).size).toBeGreaterThanOrEqual(4);
      // Every patient has a plan, a screening, a series and at least one session.
      const { rows } = await sql<{ missing: number }>`
        select count(*)::int as missing from patients p
        where not exists (select from plans where patient_id = p.id)
           or not exists (select from screenings where patient_id = p.id)
           or not exists (select from treatment_series where patient_id = p.id)
           or not exists (select from treatment_sessions where patient_id = p.id)
           or not exists (select from consents where patient_id = p.id)`.execute(owner.db);
      expect(rows[0].missing).toBe(0);
      for (const [table, count] of [
        ['treatment_sessions', seeded.synthetic.sessions],
        ['assessments', seeded.synthetic.assessments],
        ['adverse_events', seeded.synthetic.adverseEvents],
        ['screenings', seeded.synthetic.screenings],
        ['treatment_series', seeded.synthetic.series],
        ['consents', seeded.synthetic.consents],
        ['plans', seeded.synthetic.plans],
      ] as const) {
        const stored = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`
          .execute(owner.db)
          .then((r) => r.rows[0].n);
        expect(stored, table).toBe(count);
        expect(count, table).toBeGreaterThan(0);
      }
      expect(seeded.synthetic.sessions).toBeGreaterThan(seeded.synthetic.patients);
      expect(seeded.synthetic.adverseEvents).toBeGreaterThan(seeded.synthetic.patients);
    });

    it('has follow-ups in the 90-day and the 180+-day windows, with GAIS, and events of several types', async () => {
      const windows = await sql<{ early: number; late: number; gais: number }>`
        select
          count(*) filter (where a.date - s.last between 60 and 120)::int as early,
          count(*) filter (where a.date - s.last >= 180)::int as late,
          count(a.gais_investigator)::int as gais
        from assessments a
        join (select patient_id, max(date) as last from treatment_sessions group by patient_id) s
          using (patient_id)`.execute(owner.db);
      expect(windows.rows[0].early).toBeGreaterThanOrEqual(20);
      expect(windows.rows[0].late).toBeGreaterThanOrEqual(10);
      expect(windows.rows[0].gais).toBeGreaterThanOrEqual(30);
      const types = await owner.db.selectFrom('adverse_events').select('type').distinct().execute();
      expect(types.length).toBeGreaterThanOrEqual(3);
    });

    it('the stored cohort gives the evidence statistics something to show, per window and stratum', async () => {
      // The rows as the core's evidence reads them (what an evidence route would load).
      const [patients, sessions, assessments, events] = await Promise.all([
        owner.db.selectFrom('patients').select(['id', 'fitzpatrick_type']).execute(),
        owner.db.selectFrom('treatment_sessions').select(['patient_id', 'date', 'zones']).execute(),
        owner.db
          .selectFrom('assessments')
          .select([
            'patient_id',
            'date',
            'lemperle_by_zone',
            'gais_investigator',
            'gais_subject',
            'satisfaction',
          ])
          .execute(),
        owner.db
          .selectFrom('adverse_events')
          .select(['patient_id', 'type', 'onset_date', 'resolution_date'])
          .execute(),
      ]);
      const journeys: EvidenceJourney[] = patients.map((p) => ({
        patient: { fitzpatrickType: Number(p.fitzpatrick_type) as FitzpatrickType },
        sessions: sessions
          .filter((s) => s.patient_id === p.id)
          .map((s) => ({ date: s.date, zones: s.zones as SessionZoneRecord[] })),
        assessments: assessments
          .filter((a) => a.patient_id === p.id)
          .map((a) => ({
            date: a.date,
            lemperleByZone: a.lemperle_by_zone as Record<string, number>,
            gaisInvestigator: a.gais_investigator as GaisScore | null,
            gaisSubject: a.gais_subject as GaisScore | null,
            satisfaction: a.satisfaction as SatisfactionScore | null,
          })),
        adverseEvents: events
          .filter((e) => e.patient_id === p.id)
          .map((e) => ({
            type: e.type as AdverseEventType,
            onsetDate: e.onset_date,
            resolutionDate: e.resolution_date,
          })),
      }));
      const all = summarizeEvidence(journeys);
      expect(all.patientsTreated).toBe(seeded.synthetic.patients);
      const window = (id: string) => all.strata[0].windows.find((w) => w.windowId === id);
      const d90 = window('90d');
      expect(d90?.patientsAssessed).toBeGreaterThanOrEqual(20);
      expect(d90?.improvementGrades.mean).toBeGreaterThan(0.5);
      expect(d90?.improvementGrades.ci95).not.toBeNull();
      expect(d90?.responders.n).toBe(d90?.patientsAssessed);
      expect(window('180d')?.patientsAssessed).toBeGreaterThanOrEqual(10);
      expect(all.strata[0].durability.late.n).toBeGreaterThanOrEqual(5);
      const byType = summarizeEvidence(journeys, { stratify: 'fitzpatrick' });
      expect(byType.strata.map((s) => s.patientsTreated).every((n) => n > 0)).toBe(true);
      const bySessions = summarizeEvidence(journeys, { stratify: 'sessions' });
      expect(bySessions.strata.map((s) => s.patientsTreated).every((n) => n > 0)).toBe(true);
    });

    it('the evidence routes count the synthetic patients they include, clinic and pooled alike', async () => {
      const clinic = (await get('admin', '/api/evidence/summary')).json();
      expect(clinic.scope).toBe('clinic');
      expect(clinic.syntheticPatients).toBe(seeded.synthetic.patients);
      // Synthetic patients never enter pooled evidence unless asked for; asked, they come flagged.
      const pooled = (await get('admin', '/api/evidence/records')).json();
      expect(pooled).toMatchObject({ patients: 0, syntheticPatients: 0 });
      const withDemo = (await get('admin', '/api/evidence/records?includeSynthetic=true')).json();
      expect(withDemo.patients).toBeGreaterThan(0);
      expect(withDemo.syntheticPatients).toBe(withDemo.patients);
    });

    it("gives the demo researcher a pool at today's snapshot: the cohort's earlier patients, synthetic", async () => {
      // Each record entered on its own day, never after the seed: what happened by the last
      // quarter's end is in today's snapshot, the rest waits for the next one.
      const { rows: late } = await sql<{ n: number }>`
        select count(*)::int as n from (
          select created_at, date as d from treatment_sessions union all
          select created_at, date from assessments union all
          select created_at, onset_date from adverse_events union all
          select created_at, date from consents union all
          select created_at, date from screenings) r
        where (created_at at time zone 'UTC')::date <> d or created_at > now()`.execute(owner.db);
      expect(late[0].n).toBe(0);
      const cutoff = snapshotCutoff(new Date());
      const { rows } = await sql<{ pooled: number; real: number; enrolled: number }>`
        select
          (select count(*)::int from research_pool(${cutoff}::date, true)) as pooled,
          (select count(*)::int from research_pool(${cutoff}::date, false)) as real,
          (select count(*)::int from consents
            where scope = 'research' and date <= ${cutoff}::date) as enrolled`.execute(owner.db);
      expect(rows[0].pooled).toBeGreaterThan(0);
      expect(rows[0].pooled).toBe(rows[0].enrolled);
      expect(rows[0].real).toBe(0);
      const clinic = (await get('researcher', '/api/clinic')).json();
      expect(clinic.demo).toBe(true);
      expect((await get('researcher', '/api/patients')).statusCode).toBe(403);
    });

    it("every session's zones are zones of its plan, and each series' plan is the patient's", async () => {
      const { rows } = await sql<{ bad: number }>`
        select count(*)::int as bad from treatment_sessions s
        join plans p on p.id = s.plan_id and p.patient_id = s.patient_id
        where exists (
          select from jsonb_array_elements(s.zones) z
          where not exists (
            select from jsonb_array_elements(p.plan->'zones') pz where pz->>'id' = z->>'zoneId'))`.execute(
        owner.db,
      );
      expect(rows[0].bad).toBe(0);
      const orphans = await sql<{ n: number }>`
        select count(*)::int as n from treatment_sessions s
        where not exists (select from plans p where p.id = s.plan_id and p.patient_id = s.patient_id)
           or not exists (select from treatment_series r where r.id = s.series_id and r.plan_id = s.plan_id)`.execute(
        owner.db,
      );
      expect(orphans.rows[0].n).toBe(0);
    });

    it('dates nothing after today, nothing before the cohort start, follow-ups whole Lemperle grades', async () => {
      const { rows } = await sql<{ latest: string; earliest: string }>`
        select max(d)::text as latest, min(d)::text as earliest from (
          select date as d from screenings union all
          select start_date from treatment_series union all
          select date from treatment_sessions union all
          select date from assessments union all
          select onset_date from adverse_events union all
          select resolution_date from adverse_events union all
          select date from consents) dates`.execute(owner.db);
      expect(rows[0].latest <= today).toBe(true);
      expect(rows[0].earliest >= monthsBefore(today, 15)).toBe(true);
      const grades = await owner.db.selectFrom('assessments').select('lemperle_by_zone').execute();
      const values = grades.flatMap((g) => Object.values(g.lemperle_by_zone as object));
      expect(values.length).toBeGreaterThan(0);
      expect(values.every((v) => Number.isInteger(v) && v >= 0 && v <= 5)).toBe(true);
    });

    it('screened by the core: every answer recorded, V–VI acknowledged and flagged', async () => {
      const rows = await owner.db
        .selectFrom('screenings')
        .innerJoin('patients', 'patients.id', 'screenings.patient_id')
        .select([
          'screenings.answers',
          'screenings.decision',
          'patients.fitzpatrick_type',
          sql<string[]>`to_jsonb(screenings.flags)`.as('flags'),
          sql<unknown[]>`screenings.pre_care`.as('pre_care'),
        ])
        .execute();
      for (const row of rows) {
        expect(Object.keys(row.answers as object).length).toBeGreaterThan(5);
        expect(['eligible', 'eligible-with-warnings']).toContain(row.decision);
        expect(row.pre_care.length).toBeGreaterThan(0);
        if (Number(row.fitzpatrick_type) >= 5) {
          expect(row.decision).toBe('eligible-with-warnings');
          expect(row.flags).toContain('follow-up.hyperpigmentation');
        }
      }
    });

    it('the API shows them synthetic, and their records, to the demo clinician', async () => {
      const list = await get('clinician', '/api/patients?pageSize=100');
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { id: string; synthetic: boolean; familyName: string }[];
      expect(items.length).toBeGreaterThanOrEqual(60);
      expect(items.every((p) => p.synthetic)).toBe(true);
      const one = items[0];
      const patient = await get('clinician', `/api/patients/${one.id}`);
      expect(patient.json()).toMatchObject({ synthetic: true, givenName: 'Synthetic' });
      for (const path of ['sessions', 'assessments', 'adverse-events', 'series', 'screenings']) {
        const response = await get('clinician', `/api/patients/${one.id}/${path}`);
        expect(response.statusCode, path).toBe(200);
      }
      const plans = await get('clinician', `/api/patients/${one.id}/plans`);
      expect(plans.json().items).toHaveLength(1);
      expect(plans.json().items[0].totals.cores).toBeGreaterThan(5000);
    });

    it("every session delivers its plan's cores per zone (or stops a little short, never over)", async () => {
      const { rows } = await sql<{ delivered: number; planned: number }>`
        select (z->>'coresDelivered')::int as delivered, (pz->>'coreCount')::int as planned
        from treatment_sessions s
        join plans p on p.id = s.plan_id
        cross join jsonb_array_elements(s.zones) z
        join jsonb_array_elements(p.plan->'zones') pz on pz->>'id' = z->>'zoneId'`.execute(
        owner.db,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(r.delivered).toBeLessThanOrEqual(r.planned);
        expect(r.delivered).toBeGreaterThanOrEqual(Math.floor(0.8 * r.planned));
      }
      const full = rows.filter((r) => r.delivered === r.planned).length;
      expect(full / rows.length).toBeGreaterThan(0.75);
    });

    it('the summaries count unfinished series: stopped by the clinic clock, mid-series pooled', async () => {
      // Patients cut off by today with sessions still booked (the cohort's later ones).
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from treatment_series r
        where jsonb_array_length(r.sessions) >
          (select count(*) from treatment_sessions s where s.patient_id = r.patient_id)`.execute(
        owner.db,
      );
      const unfinished = rows[0].n;
      expect(unfinished).toBeGreaterThan(0);
      // This app's clock runs 400 days ahead: by the clinic's today those sessions are long
      // overdue, so the series stopped early.
      const clinic = (await get('admin', '/api/evidence/summary')).json().strata[0];
      expect(clinic).toMatchObject({ patientsMidSeries: 0, patientsStoppedEarly: unfinished });
      expect(clinic.patientsComplete + unfinished).toBe(clinic.patientsTreated);
      // Pooled dates are shifted per patient, so no common today: with no later visit of their
      // own, those patients are mid-series, their events counted, their results not yet.
      const pooled = (
        await get('admin', '/api/evidence/summary?scope=pooled&includeSynthetic=true')
      ).json().strata[0];
      expect(pooled.patientsMidSeries).toBe(unfinished);
      const erythema = pooled.adverseEvents.find((a: { type: string }) => a.type === 'erythema');
      expect(erythema.patients.n).toBe(pooled.patientsTreated);
      expect(erythema.durationDays.median).toBeGreaterThan(0);
    });

    it("every plan carries the prediction a save made then would have: the patient's own, made alone", async () => {
      const plans = await owner.db
        .selectFrom('plans as p')
        .innerJoin('patients as pa', 'pa.id', 'p.patient_id')
        .select(['p.id', 'p.patient_id', 'p.created_at', 'p.prediction'])
        .select(['pa.laxity_grade', 'pa.fitzpatrick_type'])
        .select((eb) =>
          eb
            .selectFrom('treatment_sessions as s')
            .whereRef('s.plan_id', '=', 'p.id')
            .select((e) => e.fn.min('s.created_at').as('first'))
            .as('first_session_entered'),
        )
        .execute();
      expect(plans).toHaveLength(seeded.synthetic.plans);
      type Stored = {
        madeAt: string;
        model: { parametersId: string };
        inputs: { sessions: number; baselineSource: string; cohortSize: number; seed: number };
      };
      for (const plan of plans) {
        const prediction = plan.prediction as Stored | null;
        expect(prediction, plan.id).not.toBeNull();
        // Made at the plan's save, by today's model, with a save's full virtual cohort and seed.
        expect(prediction?.madeAt).toBe(new Date(plan.created_at).toISOString());
        expect(prediction?.model.parametersId).toBe(PREDICTION_PARAMETERS_ID);
        expect(prediction?.inputs).toMatchObject({ cohortSize: 1000, seed: 1 });
        // Saved before (or as) its first session was entered, from the baseline taken that day.
        if (plan.first_session_entered !== null) {
          expect(new Date(plan.created_at).getTime()).toBeLessThanOrEqual(
            new Date(plan.first_session_entered).getTime(),
          );
          expect(prediction?.inputs.baselineSource).toBe('assessment');
        }
      }
      // A few patients, of different sessions and skin types: the prediction made for each alone
      // (core predictFollowUps, as a plan's save makes it), from their records as entered by then.
      const sample = [1, 2, 3].flatMap((sessions) =>
        plans
          .filter(
            (p) =>
              p.first_session_entered !== null &&
              recommendedSessions(Number(p.laxity_grade)) === sessions,
          )
          .slice(0, 1),
      );
      expect(sample).toHaveLength(3);
      for (const plan of sample) {
        const latest = await owner.db
          .selectFrom('assessments')
          .select(['date', 'lemperle_by_zone'])
          .where('patient_id', '=', plan.patient_id)
          .where('created_at', '<=', plan.created_at)
          .where(sql<boolean>`lemperle_by_zone <> '{}'::jsonb`)
          .orderBy('date', 'desc')
          .orderBy('created_at', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        const read = await get('clinician', `/api/patients/${plan.patient_id}/plans/${plan.id}`);
        const alone = predictFollowUps(
          read.json().plan,
          {
            sessions: recommendedSessions(Number(plan.laxity_grade)),
            intervalWeeks: PREDICTION_DEFAULTS.intervalWeeks,
            fitzpatrickType: Number(plan.fitzpatrick_type),
            latestAssessment: {
              date: String(latest.date),
              lemperleByZone: latest.lemperle_by_zone as Record<string, number>,
            },
          },
          new Date(plan.created_at),
          PREDICTION_PARAMETERS_ID,
        );
        expect(plan.prediction).toEqual(JSON.parse(JSON.stringify(alone)));
      }
    }, 120_000);

    it('the calibration shows the demo follow-ups beside their predictions: clinic and pooled', async () => {
      const clinic = (await get('admin', '/api/evidence/calibration?scope=clinic')).json();
      expect(clinic.scope).toBe('clinic');
      expect(clinic.syntheticPatients).toBe(seeded.synthetic.patients);
      expect(clinic.count).toBeGreaterThanOrEqual(20);
      expect(clinic.points).toHaveLength(clinic.count);
      expect(new Set(clinic.points.map((p: { windowId: string }) => p.windowId))).toEqual(
        new Set(['90d', '180d']),
      );
      // Each series has the sessions its prediction assumed (the laxity's), so none is left out
      // as unlike; interim visits of series still running are.
      expect(clinic.excluded.sessionsDiffer).toBe(0);
      expect(clinic.excluded.noBaseline).toBe(0);
      // The demo researcher's default: the pool with the synthetic patients (web evidence/queries.ts).
      const pooled = (
        await get('researcher', '/api/evidence/calibration?scope=pooled&includeSynthetic=true')
      ).json();
      expect(pooled.scope).toBe('pooled-deidentified');
      expect(pooled.count).toBeGreaterThan(0);
      expect(pooled.count).toBeLessThanOrEqual(clinic.count);
    });

    it('the audit chain verifies after seeding, with a demo.seed record per patient', async () => {
      const verify = await get('admin', '/api/audit/verify');
      expect(verify.statusCode).toBe(200);
      expect(verify.json()).toMatchObject({ ok: true });
      const seeds = await owner.db
        .selectFrom('audit_log')
        .select(['resource_type', 'user_id'])
        .where('action', '=', 'demo.seed')
        .execute();
      expect(seeds.filter((r) => r.resource_type === 'clinic')).toHaveLength(1);
      expect(seeds.filter((r) => r.resource_type === 'patient')).toHaveLength(
        seeded.synthetic.patients,
      );
    });

    it('seeding again does nothing, and a patient registered later is not synthetic', async () => {
      const before = await sql<{ n: number }>`select count(*)::int as n from patients`.execute(
        owner.db,
      );
      expect(await seedDemo(appStorage.db, PASSWORD, { cost: TEST_COST })).toBeNull();
      const after = await sql<{ n: number }>`select count(*)::int as n from patients`.execute(
        owner.db,
      );
      expect(after.rows[0].n).toBe(before.rows[0].n);
      expect(await owner.db.selectFrom('clinics').select('id').execute()).toHaveLength(1);
      const created = await app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { authorization: `Bearer ${token.clinician}` },
        payload: {
          givenName: 'Ada',
          familyName: 'Lovelace',
          birthDate: '1961-12-10',
          sex: 'female',
          fitzpatrickType: 2,
          laxityGrade: 2.5,
        },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().synthetic).toBe(false);
      const read = await get('clinician', `/api/patients/${created.json().id}`);
      expect(read.json().synthetic).toBe(false);
    });
  });
});

describe('the demo seed without a cohort, and all or nothing', () => {
  it('npm start prints how many synthetic patients it seeded, on the first start only', async () => {
    const database = await createTestDatabase('pglite');
    try {
      const config = configFromEnv({
        PORT: '0',
        MICROCORE_DATA_DIR: (database.owner as { dataDir: string }).dataDir,
        MICROCORE_LOG_LEVEL: 'silent',
        MICROCORE_DEMO_PATIENTS: '60',
      });
      for (const first of [true, false]) {
        const lines: string[] = [];
        const server = await startServer({ ...config, passwordCost: TEST_COST }, (line) =>
          lines.push(line),
        );
        await server.close();
        const demo = lines.find((line) => line.includes('demo data:'));
        if (first) expect(demo).toMatch(/demo data: 60 synthetic patients \(marked synthetic/);
        else expect(demo).toBeUndefined();
      }
    } finally {
      await database.drop();
    }
    // A server start, migrations and the seed with its plans' predictions (about 3 s of CPU).
  }, 120_000);

  it('MICROCORE_DEMO_PATIENTS: 72 by default, a whole number 0–1000', () => {
    expect(configFromEnv({}).demoPatients).toBe(72);
    expect(configFromEnv({ MICROCORE_DEMO_PATIENTS: '0' }).demoPatients).toBe(0);
    for (const bad of ['2.5', '-1', '1001', 'many'])
      expect(() => configFromEnv({ MICROCORE_DEMO_PATIENTS: bad })).toThrow(ConfigError);
  });

  it('the cohort starts 15 calendar months before today, the day clamped to the month', () => {
    expect(monthsBefore('2026-11-25', 15)).toBe('2025-08-25');
    expect(monthsBefore('2026-05-31', 15)).toBe('2025-02-28');
    expect(monthsBefore('2025-05-31', 15)).toBe('2024-02-29');
    expect(monthsBefore('2026-01-15', 1)).toBe('2025-12-15');
  });

  it('syntheticPatients 0 seeds only the clinic and its users', async () => {
    const database = await createTestDatabase('pglite');
    const storage = await openStorage(database.owner);
    try {
      await migrate(storage.db);
      const result = await seedDemo(storage.db, PASSWORD, {
        cost: TEST_COST,
        syntheticPatients: 0,
      });
      expect(result?.synthetic.patients).toBe(0);
      expect(await storage.db.selectFrom('patients').select('id').execute()).toEqual([]);
      expect(await storage.db.selectFrom('users').select('email').execute()).toHaveLength(
        DEMO_USERS.length,
      );
    } finally {
      await storage.close();
      await database.drop();
    }
  });

  it('a failure while seeding leaves no demo clinic behind, so the next start seeds again', async () => {
    const database = await createTestDatabase('pglite');
    const storage = await openStorage(database.owner);
    try {
      await migrate(storage.db);
      // A failure after the clinic, users, patients and plans were written: the sessions.
      await sql`
        create function refuse_session() returns trigger language plpgsql as $$
        begin raise exception 'refused'; end $$`.execute(storage.db);
      await sql`create trigger refuse_session before insert on treatment_sessions
        for each row execute function refuse_session()`.execute(storage.db);
      await expect(seedDemo(storage.db, PASSWORD, { cost: TEST_COST })).rejects.toThrow(/refused/);
      expect(await storage.db.selectFrom('clinics').select('id').execute()).toEqual([]);
      expect(await storage.db.selectFrom('patients').select('id').execute()).toEqual([]);
      expect(await storage.db.selectFrom('audit_log').select('id').execute()).toEqual([]);
      await sql`drop trigger refuse_session on treatment_sessions`.execute(storage.db);
      const result = await seedDemo(storage.db, PASSWORD, { cost: TEST_COST });
      expect(result?.synthetic.patients).toBeGreaterThanOrEqual(60);
    } finally {
      await storage.close();
      await database.drop();
    }
    // Two seeds, each making its plans' predictions first (about 3 s of CPU each).
  }, 120_000);
});
