import { type PatientJourney, pseudonymOf, summarizeEvidence } from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { DEFAULT_TIME_ZONE, dayIn } from '../src/clinicCalendar.js';
import { inClinic } from '../src/db/open.js';
import { insertCohort, prepareCohort } from '../src/demoCohort.js';
import { loadClinicJourneys } from '../src/journeys.js';
import { bearer, makeWorld, onEachDatabase, TEST_COST, type World } from './helpers.js';

/**
 * The evidence answers from the narrow clinic loader and from the pooled quarterly snapshot
 * (evidence/clinicEvidence.ts, evidence/researchSnapshot.ts) against the computation they
 * replace: the core's summarizeEvidence over every journey as loadClinicJourneys reads it, the
 * pool being the journeys of patients with a standing active research consent (date shifts do
 * not change a summary). The cohort spans two clinics, with synthetic and non-synthetic
 * patients, archived patients, withdrawn and struck-out research consents, struck-out and
 * corrected records; then more changes after the snapshot was taken, which count at once.
 */
const DAY_MS = 86_400_000;
const STRATA = ['none', 'fitzpatrick', 'sessions'] as const;

onEachDatabase((kind) => {
  let world: World;
  // A quarter ahead of the real day, so the snapshot's cutoff lies after every record entered.
  let now = new Date(Date.now() + 100 * DAY_MS);
  const clock = () => now;

  const get = (url: string, token: string, app = world.app) =>
    app.inject({ method: 'GET', url, headers: bearer(token) });
  const send = async (method: 'POST' | 'PATCH', url: string, token: string, payload: object) => {
    const response = await world.app.inject({ method, url, headers: bearer(token), payload });
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.body}`);
    return response.json();
  };
  const owner = () => world.storage.db;
  const userId = async (email: string) =>
    (
      await owner()
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;

  /** Every clinic's journeys as the old path read them. */
  const journeysOf = (clinicId: string) =>
    inClinic(world.appStorage.db, clinicId, (tx) => loadClinicJourneys(tx, clinicId));
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
  const strip = (body: Record<string, unknown>) => {
    const { scope, basis, label, scopeLabel, patients, syntheticPatients, asOf, ...summary } = body;
    return summary;
  };
  const pooledReference = async (includeSynthetic: boolean) => {
    const all = [...(await journeysOf(world.clinicA)), ...(await journeysOf(world.clinicB))];
    // Ordered by pseudonym, as the pool lists them (the summary does not depend on the order).
    const { value: key } = await owner()
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'deidentify-key')
      .executeTakeFirstOrThrow();
    const pseudonym = (j: PatientJourney) => pseudonymOf(j.patient.id, Buffer.from(key, 'utf8'));
    return all
      .filter(
        (j: PatientJourney) =>
          (includeSynthetic || j.patient.synthetic !== true) &&
          j.consents.some((c) => c.scope === 'research' && c.status === 'active'),
      )
      .sort((a, b) => (pseudonym(a) < pseudonym(b) ? -1 : 1));
  };

  async function expectPooledAsReference(app = world.app) {
    for (const includeSynthetic of [false, true]) {
      // After a pooled request: the first one generates the key the reference sorts by.
      let reference: PatientJourney[] | undefined;
      for (const stratify of STRATA) {
        const response = await get(
          `/api/evidence/summary?stratify=${stratify}&includeSynthetic=${includeSynthetic}`,
          world.tokens.researcherA,
          app,
        );
        expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
        reference ??= await pooledReference(includeSynthetic);
        const body = response.json();
        expect(body.patients).toBe(reference.length);
        expect(body.syntheticPatients).toBe(reference.filter((j) => j.patient.synthetic).length);
        expect(strip(body)).toEqual(plain(summarizeEvidence(reference, { stratify })));
      }
      const records = (
        await get(
          `/api/evidence/records?includeSynthetic=${includeSynthetic}`,
          world.tokens.researcherA,
          app,
        )
      ).json();
      expect(records.patients).toBe(reference?.length);
      const pseudonyms = records.items.map(
        (j: { patient: { pseudonym: string } }) => j.patient.pseudonym,
      );
      expect(pseudonyms).toEqual([...pseudonyms].sort());
    }
  }

  const snapshotRows = async () =>
    (
      await sql<{ cutoff: string; computed_at: Date; journeys: number }>`
        select s.cutoff::text as cutoff, s.computed_at,
          (select count(*)::int from research_snapshot_journeys j
            where j.cutoff = s.cutoff and j.key_id = s.key_id) as journeys
        from research_snapshots s order by s.cutoff`.execute(owner())
    ).rows;

  let firstResearch: { patient: string; consent: string }[] = [];

  beforeAll(async () => {
    world = await makeWorld(kind, {}, { clock });
    const cohort = prepareCohort(50, new Date());
    for (const [clinicId, email, size] of [
      [world.clinicA, 'clinician@a.test', 30],
      [world.clinicB, 'clinician@b.test', 20],
    ] as const) {
      const clinician = await userId(email);
      const part = { ...cohort, journeys: cohort.journeys.slice(0, size) };
      await inClinic(world.appStorage.db, clinicId, (tx) =>
        insertCohort(tx, clinicId, clinician, part),
      );
    }
    // Real patients beside the demo ones: a third of each clinic's.
    await sql`update patients set synthetic = false
      where id in (select id from patients order by id limit 17)`.execute(owner());

    const research = (
      await sql<{ patient: string; consent: string; clinic: string }>`
        select c.patient_id as patient, c.id as consent, c.clinic_id as clinic from consents c
        where c.scope = 'research' order by c.patient_id`.execute(owner())
    ).rows;
    const tokenOf = (clinic: string) =>
      clinic === world.clinicA ? world.tokens.clinicianA : world.tokens.clinicianB;
    // Withdrawn, struck out, archived: before the first pooled request.
    const [withdrawn, struck, archived] = [research[0], research[1], research[2]];
    await send(
      'PATCH',
      `/api/patients/${withdrawn.patient}/consents/${withdrawn.consent}`,
      tokenOf(withdrawn.clinic),
      {
        status: 'withdrawn',
        withdrawnDate: dayIn(DEFAULT_TIME_ZONE, new Date()),
      },
    );
    await send(
      'POST',
      `/api/patients/${struck.patient}/consents/${struck.consent}/entered-in-error`,
      tokenOf(struck.clinic),
      {
        expectedVersion: 1,
        reason: 'recorded on the wrong patient',
      },
    );
    await send('PATCH', `/api/patients/${archived.patient}`, tokenOf(archived.clinic), {
      archived: true,
    });
    // A struck-out assessment of another patient.
    const assessment = (
      await sql<{ id: string; patient: string; clinic: string }>`
        select id, patient_id as patient, clinic_id as clinic from assessments
        order by patient_id, date desc limit 1`.execute(owner())
    ).rows[0];
    await send(
      'POST',
      `/api/patients/${assessment.patient}/assessments/${assessment.id}/entered-in-error`,
      tokenOf(assessment.clinic),
      { expectedVersion: 1, reason: 'wrong patient' },
    );
    // Every synthetic session carries its adverse events: strike out one of those.
    const event = (
      await sql<{ id: string; patient: string; clinic: string }>`
        select id, patient_id as patient, clinic_id as clinic from adverse_events
        order by patient_id desc, onset_date desc limit 1`.execute(owner())
    ).rows[0];
    await send(
      'POST',
      `/api/patients/${event.patient}/adverse-events/${event.id}/entered-in-error`,
      tokenOf(event.clinic),
      { expectedVersion: 1, reason: 'wrong patient' },
    );
    firstResearch = research.slice(3, 6).map((r) => ({ patient: r.patient, consent: r.consent }));
  }, 300_000);
  afterAll(() => world.close());

  it("an admin's clinic summary equals summarizeEvidence over the clinic's journeys", async () => {
    const today = dayIn(DEFAULT_TIME_ZONE, now);
    for (const [clinicId, token] of [
      [world.clinicA, world.tokens.adminA],
      [world.clinicB, world.tokens.adminB],
    ] as const) {
      const journeys = await journeysOf(clinicId);
      expect(journeys.some((j) => j.patient.synthetic !== true)).toBe(true);
      for (const stratify of STRATA) {
        const body = (await get(`/api/evidence/summary?stratify=${stratify}`, token)).json();
        expect(body).toMatchObject({ scope: 'clinic', patients: journeys.length, asOf: null });
        expect(body.syntheticPatients).toBe(journeys.filter((j) => j.patient.synthetic).length);
        expect(strip(body)).toEqual(plain(summarizeEvidence(journeys, { stratify, asOf: today })));
      }
    }
  });

  it('the pooled summary and records come from one snapshot per quarter, equal to the old computation', async () => {
    await expectPooledAsReference();
    const rows = await snapshotRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.journeys).toBe((await pooledReference(true)).length);
    // Asked again: read back, not computed again.
    await expectPooledAsReference();
    expect(await snapshotRows()).toEqual(rows);
  });

  it('changes after the snapshot count at once: a withdrawal, a strike-out, a correction', async () => {
    const before = await snapshotRows();
    const [a, b] = firstResearch;
    const clinicOf = async (patient: string) =>
      (
        await owner()
          .selectFrom('patients')
          .select('clinic_id')
          .where('id', '=', patient)
          .executeTakeFirstOrThrow()
      ).clinic_id;
    const tokenOf = async (patient: string) =>
      (await clinicOf(patient)) === world.clinicA
        ? world.tokens.clinicianA
        : world.tokens.clinicianB;
    await send(
      'PATCH',
      `/api/patients/${a.patient}/consents/${a.consent}`,
      await tokenOf(a.patient),
      {
        status: 'withdrawn',
        withdrawnDate: dayIn(DEFAULT_TIME_ZONE, new Date()),
      },
    );
    const assessment = await owner()
      .selectFrom('assessments')
      .select(['id', 'lemperle_by_zone'])
      .where('patient_id', '=', b.patient)
      .where('record_status', '=', 'current')
      .orderBy('date', 'desc')
      .executeTakeFirstOrThrow();
    const grades = assessment.lemperle_by_zone as Record<string, number>;
    await send(
      'POST',
      `/api/patients/${b.patient}/assessments/${assessment.id}/corrections`,
      await tokenOf(b.patient),
      {
        expectedVersion: 1,
        reason: 'grades misread',
        changes: { lemperleByZone: Object.fromEntries(Object.keys(grades).map((z) => [z, 1])) },
      },
    );
    // One pooled request re-reads the two patients and updates every stored summary by them
    // (migration 026): none is dropped, and each is what aggregating every journey gives.
    const summaryRows = async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from research_snapshot_summaries`.execute(owner())
      ).rows[0]?.n;
    const stored = await summaryRows();
    expect(stored).toBe(2 * STRATA.length);
    expect((await get('/api/evidence/summary', world.tokens.researcherA)).statusCode).toBe(200);
    expect(await summaryRows()).toBe(stored);
    await expectPooledAsReference();
    const after = await snapshotRows();
    // The same snapshot, brought up to date: not computed again.
    expect(after.map((r) => r.computed_at)).toEqual(before.map((r) => r.computed_at));
    expect(after[0]?.journeys).toBe((before[0]?.journeys ?? 0) - 1);
  });

  it('a new quarter is computed once, by one of many concurrent first requests in two servers', async () => {
    now = new Date(now.getTime() + 92 * DAY_MS);
    const second = await buildApp({
      db: world.appStorage.db,
      config: { passwordCost: TEST_COST, logLevel: 'silent' },
      clock,
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          get(
            '/api/evidence/summary?stratify=fitzpatrick',
            world.tokens.researcherA,
            i % 2 ? second : world.app,
          ),
        ),
      );
      for (const answer of answers) expect(answer.statusCode, answer.body.slice(0, 300)).toBe(200);
      const bodies = answers.map((a) => a.json());
      for (const body of bodies) expect(body).toEqual(bodies[0]);
      const rows = await snapshotRows();
      // The earlier quarter's snapshot is gone; the new one holds the pool once.
      expect(rows).toHaveLength(1);
      expect(rows[0]?.cutoff).toBe(bodies[0].asOf);
      expect(rows[0]?.journeys).toBe((await pooledReference(true)).length);
      await expectPooledAsReference(second);
    } finally {
      await second.close();
    }
  });

  it('a write while a quarter is computed neither waits for it nor is lost', async () => {
    now = new Date(now.getTime() + 92 * DAY_MS);
    const [, , c] = firstResearch;
    const clinic = (
      await owner()
        .selectFrom('patients')
        .select('clinic_id')
        .where('id', '=', c.patient)
        .executeTakeFirstOrThrow()
    ).clinic_id;
    const assessment = await owner()
      .selectFrom('assessments')
      .select(['id', 'lemperle_by_zone'])
      .where('patient_id', '=', c.patient)
      .where('record_status', '=', 'current')
      .orderBy('date', 'desc')
      .executeTakeFirstOrThrow();
    const grades = assessment.lemperle_by_zone as Record<string, number>;
    const [computed] = await Promise.all([
      get('/api/evidence/summary', world.tokens.researcherA),
      send(
        'POST',
        `/api/patients/${c.patient}/assessments/${assessment.id}/corrections`,
        clinic === world.clinicA ? world.tokens.clinicianA : world.tokens.clinicianB,
        {
          expectedVersion: 1,
          reason: 'grades misread',
          changes: { lemperleByZone: Object.fromEntries(Object.keys(grades).map((z) => [z, 0])) },
        },
      ),
    ]);
    expect(computed.statusCode, computed.body.slice(0, 300)).toBe(200);
    await expectPooledAsReference();
  });

  it("the clinic's summary follows writes and the day at once, from stored contributions", async () => {
    const expectClinicAsReference = async () => {
      const today = dayIn(DEFAULT_TIME_ZONE, now);
      const journeys = await journeysOf(world.clinicA);
      for (const stratify of STRATA) {
        const body = (
          await get(`/api/evidence/summary?stratify=${stratify}`, world.tokens.adminA)
        ).json();
        expect(body.patients).toBe(journeys.length);
        expect(strip(body)).toEqual(plain(summarizeEvidence(journeys, { stratify, asOf: today })));
      }
    };
    await expectClinicAsReference();
    const inA = (table: 'assessments' | 'adverse_events' | 'treatment_sessions') =>
      sql<{ id: string; patient: string }>`
        select id, patient_id as patient from ${sql.table(table)}
        where clinic_id = ${world.clinicA} and record_status = 'current' and version = 1
          and patient_id in (select id from patients where archived_at is null)
        order by patient_id, id limit 1`.execute(owner());
    // A correction of a follow-up's grades (one no earlier test changed: ids are random, so
    // without `version = 1` the pick could be the record a test above corrected already).
    const [assessment] = (await inA('assessments')).rows;
    await send(
      'POST',
      `/api/patients/${assessment.patient}/assessments/${assessment.id}/corrections`,
      world.tokens.clinicianA,
      { expectedVersion: 1, reason: 'grades misread', changes: { gaisInvestigator: 5 } },
    );
    // A strike-out of an adverse event.
    const [event] = (await inA('adverse_events')).rows;
    await send(
      'POST',
      `/api/patients/${event.patient}/adverse-events/${event.id}/entered-in-error`,
      world.tokens.clinicianA,
      { expectedVersion: 1, reason: 'wrong patient' },
    );
    // A new follow-up of a treated patient, today.
    const [session] = (await inA('treatment_sessions')).rows;
    const zones = (
      await owner()
        .selectFrom('treatment_sessions')
        .select('zones')
        .where('id', '=', session.id)
        .executeTakeFirstOrThrow()
    ).zones as { zoneId: string }[];
    await send('POST', `/api/patients/${session.patient}/assessments`, world.tokens.clinicianA, {
      date: dayIn(DEFAULT_TIME_ZONE, new Date()),
      lemperleByZone: Object.fromEntries(zones.map((z) => [z.zoneId, 0])),
      satisfaction: 5,
    });
    await expectClinicAsReference();
    // Only the three changed patients were marked; none is left once answered.
    const marks = await owner().selectFrom('evidence_contributions_stale').selectAll().execute();
    expect(marks.filter((m) => m.clinic_id === world.clinicA)).toEqual([]);

    // A new series booked from today, then a day past its first session by more than
    // SERIES_OVERDUE_DAYS: mid-series, then stopped early, with nothing rewritten in between.
    const { plan_id: planId } = await owner()
      .selectFrom('treatment_sessions')
      .select('plan_id')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    now = new Date();
    await send('POST', `/api/patients/${session.patient}/series`, world.tokens.clinicianA, {
      planId,
      startDate: dayIn(DEFAULT_TIME_ZONE, now),
      sessions: 3,
    });
    await expectClinicAsReference();
    const before = (await get('/api/evidence/summary', world.tokens.adminA)).json();
    now = new Date(now.getTime() + 400 * DAY_MS);
    await expectClinicAsReference();
    const after = (await get('/api/evidence/summary', world.tokens.adminA)).json();
    expect(before.strata[0].patientsMidSeries).toBeGreaterThan(0);
    expect(after.strata[0].patientsMidSeries).toBeLessThan(before.strata[0].patientsMidSeries);
  });

  // PGlite's request role is the owner, whom row-level security does not bind.
  it.skipIf(kind === 'pglite')(
    "row-level security: a clinic's request role reads only its own contributions and marks",
    async () => {
      await get('/api/evidence/summary', world.tokens.adminB);
      const owned = await owner()
        .selectFrom('evidence_contributions')
        .select('clinic_id')
        .distinct()
        .execute();
      expect(owned.map((r) => r.clinic_id).sort()).toEqual([world.clinicA, world.clinicB].sort());
      const seenByB = await inClinic(world.appStorage.db, world.clinicB, async (tx) => [
        ...(await tx.selectFrom('evidence_contributions').select('clinic_id').execute()),
        ...(await tx.selectFrom('evidence_contributions_stale').select('clinic_id').execute()),
      ]);
      expect(seenByB.length).toBeGreaterThan(0);
      expect(seenByB.every((r) => r.clinic_id === world.clinicB)).toBe(true);
    },
  );
});

describe('the snapshot key id', () => {
  it('differs by key and does not contain it', async () => {
    const { keyIdOf } = await import('../src/evidence/researchSnapshot.js');
    const key = 'a test key of enough bytes, 0123456789';
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{32}$/);
    expect(keyIdOf(key)).not.toBe(keyIdOf(`${key}!`));
    expect(keyIdOf(key)).toBe(keyIdOf(key));
  });
});
