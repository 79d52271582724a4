import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayIn } from '../src/clinicCalendar.js';
import {
  createPatient,
  createPlan,
  createSeries,
  expectProblem,
  makeWorld,
  onEachDatabase,
  patientWithPlan,
  requester,
  type World,
} from './helpers.js';

/**
 * The clinical records of issue 5 — treatment sessions, assessments, adverse events, consents —
 * on both databases: what is stored comes back in the shared record shapes, every refusal is a
 * 422 naming the field and leaves nothing written, every access is audited, tenancy holds.
 */

/** Today in the test clinics' time zone (the default, UTC). */
const today = () => dayIn('UTC', new Date());

const RECORD_TABLES = [
  'treatment_sessions',
  'assessments',
  'adverse_events',
  'consents',
  'photos',
] as const;

const tomorrow = () => {
  const date = new Date(`${today()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let plan: string;
  let otherPatient: string;
  let otherPlan: string;
  let patientB: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    ({ patient, plan } = await patientWithPlan(world)); // zones: submental
    otherPatient = await createPatient(world, world.tokens.clinicianA, {
      givenName: 'Grace',
      familyName: 'Hopper',
      birthDate: '1966-12-09',
      sex: 'female',
      fitzpatrickType: 3,
      laxityGrade: 2,
    });
    otherPlan = await createPlan(world, world.tokens.clinicianA, otherPatient);
    patientB = await createPatient(world, world.tokens.clinicianB);
  }, 60_000);
  afterAll(() => world?.close());

  const send = requester(() => world);

  /** Rows of each record table, read as the owner (RLS does not hide any). */
  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of RECORD_TABLES) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(
        table,
      )}`.execute(world.storage.db);
      result[table] = Number(rows[0].n);
    }
    return result;
  }

  /** The 422 names `field` (with a message matching `message`) and nothing was written. */
  async function expectRefused(
    request: () => ReturnType<typeof send>,
    field: string,
    message?: RegExp,
  ) {
    const before = await counts();
    const problem = expectProblem(await request(), 422);
    const error = problem.errors?.find((e) => e.field === field);
    expect(error, `${field} in ${JSON.stringify(problem.errors)}`).toBeDefined();
    if (message) expect(error?.message).toMatch(message);
    expect(await counts()).toEqual(before);
    return problem;
  }

  const lastAudit = async () =>
    world.storage.db
      .selectFrom('audit_log')
      .select(['action', 'resource_type', 'resource_id', 'outcome', 'user_id'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();

  const session = (overrides: Record<string, unknown> = {}) => ({
    planId: plan,
    date: '2025-03-03',
    zones: [{ zoneId: 'submental', coresDelivered: 1480 }],
    anaesthesia: 'topical',
    ...overrides,
  });

  describe('treatment sessions', () => {
    let sessionId: string;

    it('records a session against a plan of the patient and lists it (clinician and admin)', async () => {
      const created = await send('POST', `/api/patients/${patient}/sessions`, {
        ...session(),
        notes: 'well tolerated',
      });
      expect(created.statusCode, created.body).toBe(201);
      const body = created.json();
      sessionId = body.id;
      expect(body).toMatchObject({
        patientId: patient,
        planId: plan,
        seriesId: null,
        date: '2025-03-03',
        needleGauge: '23G', // the plan's needle, by default
        zones: [{ zoneId: 'submental', coresDelivered: 1480 }],
        anaesthesia: 'topical',
        notes: 'well tolerated',
        intervalReason: null,
      });
      expect(body.operator).toMatch(/^[0-9a-f-]{36}$/); // the signed-in user, by default
      const audit = await lastAudit();
      expect(audit).toMatchObject({
        action: 'session.create',
        resource_type: 'treatment-session',
        resource_id: sessionId,
        outcome: 'ok',
      });

      const byAdmin = await send(
        'POST',
        `/api/patients/${patient}/sessions`,
        session({
          date: '2025-04-20',
          operator: 'Dr Example',
          needleGauge: '22G',
          intervalReason: 'patient travels abroad',
        }),
        world.tokens.adminA,
      );
      expect(byAdmin.statusCode, byAdmin.body).toBe(201);
      expect(byAdmin.json()).toMatchObject({
        operator: 'Dr Example',
        needleGauge: '22G',
        intervalReason: 'patient travels abroad',
      });

      const list = await send('GET', `/api/patients/${patient}/sessions`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((s: { date: string }) => s.date)).toEqual([
        '2025-03-03',
        '2025-04-20',
      ]);
      expect(await lastAudit()).toMatchObject({
        action: 'session.list',
        resource_id: patient,
        outcome: 'ok',
      });
    });

    it("the minimum interval (the core's rule): sooner needs a reason, then carries a warning", async () => {
      // Two weeks after the session of 2025-04-20 above.
      const refused = await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ date: '2025-05-04' })),
        'date',
        /6 weeks|minimum/i,
      );
      expect(refused.code).toBe('series.interval-below-minimum');
      // A backdated session too close to the one after it is refused the same way.
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ date: '2025-04-10' })),
        'date',
      );
      const withReason = await send(
        'POST',
        `/api/patients/${patient}/sessions`,
        session({ date: '2025-05-04', intervalReason: 'second pass agreed with the patient' }),
      );
      expect(withReason.statusCode, withReason.body).toBe(201);
      expect(withReason.json().warnings).toEqual([
        expect.objectContaining({ code: expect.stringMatching(/interval/) }),
      ]);
    });

    it("422 seriesId for a series that is not this patient's, or not of this plan", async () => {
      const other = await createPatient(world, world.tokens.clinicianA);
      const otherPlan = await createPlan(world, world.tokens.clinicianA, other);
      const otherSeries = await createSeries(world, world.tokens.clinicianA, other, otherPlan);
      await expectRefused(
        () =>
          send(
            'POST',
            `/api/patients/${patient}/sessions`,
            session({ date: '2024-01-02', seriesId: otherSeries }),
          ),
        'seriesId',
      );
    });

    it('422 planId for a plan of another patient, or no plan at all', async () => {
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ planId: otherPlan })),
        'planId',
        /no plan of this patient/,
      );
      await expectRefused(
        () =>
          send(
            'POST',
            `/api/patients/${patient}/sessions`,
            session({ planId: '00000000-0000-4000-8000-000000000000' }),
          ),
        'planId',
      );
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ planId: 'plan-1' })),
        'planId',
      );
      // The refusal is in the audit trail too.
      expect(await lastAudit()).toMatchObject({ action: 'session.create', outcome: 'invalid' });
    });

    it('422 zones[i].zoneId for a zone not in the plan, or a zone listed twice', async () => {
      await expectRefused(
        () =>
          send(
            'POST',
            `/api/patients/${patient}/sessions`,
            session({
              zones: [
                { zoneId: 'submental', coresDelivered: 10 },
                { zoneId: 'cheek-left', coresDelivered: 10 },
              ],
            }),
          ),
        'zones[1].zoneId',
        /not a zone of the plan/,
      );
      await expectRefused(
        () =>
          send(
            'POST',
            `/api/patients/${patient}/sessions`,
            session({
              zones: [
                { zoneId: 'submental', coresDelivered: 10 },
                { zoneId: 'submental', coresDelivered: 5 },
              ],
            }),
          ),
        'zones[1].zoneId',
        /twice/,
      );
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ zones: [] })),
        'zones',
      );
    });

    it('422 for cores that are not a non-negative integer', async () => {
      for (const cores of [-1, 1.5, '12', null])
        await expectRefused(
          () =>
            send(
              'POST',
              `/api/patients/${patient}/sessions`,
              session({ zones: [{ zoneId: 'submental', coresDelivered: cores }] }),
            ),
          'zones[0].coresDelivered',
        );
    });

    it('422 date: in the future, not a calendar date, not YYYY-MM-DD', async () => {
      for (const [date, message] of [
        [tomorrow(), /future/],
        ['2025-02-29', /calendar/],
        ['2025-3-3', /YYYY-MM-DD/],
        ['1850-01-01', /1900/],
      ] as const)
        await expectRefused(
          () => send('POST', `/api/patients/${patient}/sessions`, session({ date })),
          'date',
          message,
        );
      // Today is fine.
      const ok = await send(
        'POST',
        `/api/patients/${otherPatient}/sessions`,
        session({ planId: otherPlan, date: today() }),
      );
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('422 for an unknown anaesthesia, a bad gauge, an unknown field', async () => {
      await expectRefused(
        () =>
          send('POST', `/api/patients/${patient}/sessions`, session({ anaesthesia: 'general' })),
        'anaesthesia',
      );
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ needleGauge: '0.5mm' })),
        'needleGauge',
      );
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ cores: 3 })),
        'cores',
      );
    });

    it('422 for a NUL character in any text (PostgreSQL cannot store it), patients too', async () => {
      await expectRefused(
        () => send('POST', `/api/patients/${patient}/sessions`, session({ notes: 'a\u0000b' })),
        'notes',
        /NUL/,
      );
      await expectRefused(
        () =>
          send(
            'POST',
            `/api/patients/${patient}/sessions`,
            session({ zones: [{ zoneId: 'sub\u0000mental', coresDelivered: 1 }] }),
          ),
        'zones[0].zoneId',
      );
      const named = await send('POST', '/api/patients', {
        givenName: 'A\u0000da',
        familyName: 'Lovelace',
        birthDate: '1961-12-10',
        sex: 'female',
        fitzpatrickType: 2,
        laxityGrade: 2,
      });
      expect(expectProblem(named, 422).errors).toEqual([
        { field: 'givenName', message: 'may not contain the NUL character' },
      ]);
    });

    it('keeps the session for the assessment tests', () => {
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    });

    describe('assessments', () => {
      const assessment = (overrides: Record<string, unknown> = {}) => ({
        date: '2025-06-03',
        sessionId,
        lemperleByZone: { submental: 2 },
        gaisInvestigator: 2,
        gaisSubject: 3,
        satisfaction: 4,
        laxityGrade: 1.5,
        ...overrides,
      });

      it('records a follow-up after its session, and a baseline before any', async () => {
        const followUp = await send('POST', `/api/patients/${patient}/assessments`, assessment());
        expect(followUp.statusCode, followUp.body).toBe(201);
        expect(followUp.json()).toMatchObject({
          patientId: patient,
          sessionId,
          date: '2025-06-03',
          lemperleByZone: { submental: 2 },
          gaisInvestigator: 2,
          gaisSubject: 3,
          satisfaction: 4,
          laxityGrade: 1.5,
          notes: null,
        });
        expect(await lastAudit()).toMatchObject({
          action: 'assessment.create',
          resource_id: followUp.json().id,
        });
        const baseline = await send('POST', `/api/patients/${patient}/assessments`, {
          date: '2025-02-01',
          lemperleByZone: { submental: 3, 'cheek-left': 4 },
        });
        expect(baseline.statusCode, baseline.body).toBe(201);
        expect(baseline.json()).toMatchObject({ sessionId: null, gaisInvestigator: null });
        // On the session's own day too.
        const sameDay = await send(
          'POST',
          `/api/patients/${patient}/assessments`,
          assessment({ date: '2025-03-03' }),
        );
        expect(sameDay.statusCode, sameDay.body).toBe(201);
        const list = await send('GET', `/api/patients/${patient}/assessments`);
        expect(list.json().items.map((a: { date: string }) => a.date)).toEqual([
          '2025-02-01',
          '2025-03-03',
          '2025-06-03',
        ]);
        expect(await lastAudit()).toMatchObject({
          action: 'assessment.list',
          resource_id: patient,
        });
      });

      it('422 date for a follow-up dated before its session', async () => {
        await expectRefused(
          () =>
            send(
              'POST',
              `/api/patients/${patient}/assessments`,
              assessment({ date: '2025-03-02' }),
            ),
          'date',
          /before the session it follows up \(2025-03-03\)/,
        );
      });

      it("422 sessionId for another patient's session or an unknown one", async () => {
        const other = await send(
          'POST',
          `/api/patients/${otherPatient}/sessions`,
          session({ planId: otherPlan, date: '2025-01-15' }),
        );
        expect(other.statusCode).toBe(201);
        await expectRefused(
          () =>
            send(
              'POST',
              `/api/patients/${patient}/assessments`,
              assessment({ sessionId: other.json().id }),
            ),
          'sessionId',
        );
        await expectRefused(
          () =>
            send(
              'POST',
              `/api/patients/${patient}/assessments`,
              assessment({ sessionId: '00000000-0000-4000-8000-000000000000' }),
            ),
          'sessionId',
        );
      });

      it('422 for grades out of range: Lemperle 0–5 whole, GAIS and satisfaction 1–5, laxity 0–4 by halves', async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ lemperleByZone: { submental: 6 } }, 'lemperleByZone.submental'],
          [{ lemperleByZone: { submental: -1 } }, 'lemperleByZone.submental'],
          [{ lemperleByZone: { submental: 2.5 } }, 'lemperleByZone.submental'],
          [{ lemperleByZone: { nose: 2 } }, 'lemperleByZone.nose'],
          [{ gaisInvestigator: 0 }, 'gaisInvestigator'],
          [{ gaisInvestigator: 6 }, 'gaisInvestigator'],
          [{ gaisSubject: 2.5 }, 'gaisSubject'],
          [{ satisfaction: 6 }, 'satisfaction'],
          [{ laxityGrade: 1.25 }, 'laxityGrade'],
          [{ laxityGrade: 4.5 }, 'laxityGrade'],
          [{ date: tomorrow() }, 'date'],
        ];
        for (const [overrides, field] of cases)
          await expectRefused(
            () => send('POST', `/api/patients/${patient}/assessments`, assessment(overrides)),
            field,
          );
        await expectRefused(
          () => send('POST', `/api/patients/${patient}/assessments`, { date: '2025-06-01' }),
          'lemperleByZone',
          /at least one score/,
        );
      });
    });

    describe('adverse events', () => {
      const event = (overrides: Record<string, unknown> = {}) => ({
        type: 'erythema',
        onsetDate: '2025-03-04',
        severity: 'mild',
        relatedness: 'probable',
        sessionId,
        ...overrides,
      });
      let eventId: string;

      it('records an event, then its resolution date; lists them', async () => {
        const created = await send('POST', `/api/patients/${patient}/adverse-events`, event());
        expect(created.statusCode, created.body).toBe(201);
        eventId = created.json().id;
        expect(created.json()).toMatchObject({
          patientId: patient,
          sessionId,
          type: 'erythema',
          description: null,
          onsetDate: '2025-03-04',
          resolutionDate: null,
          severity: 'mild',
          relatedness: 'probable',
        });
        const resolved = await send('PATCH', `/api/patients/${patient}/adverse-events/${eventId}`, {
          resolutionDate: '2025-03-08',
        });
        expect(resolved.statusCode, resolved.body).toBe(200);
        expect(resolved.json()).toMatchObject({ id: eventId, resolutionDate: '2025-03-08' });
        expect(await lastAudit()).toMatchObject({
          action: 'adverse-event.update',
          resource_id: eventId,
          outcome: 'ok',
        });
        const other = await send(
          'POST',
          `/api/patients/${patient}/adverse-events`,
          event({
            type: 'other',
            description: 'itching',
            sessionId: null,
            onsetDate: '2025-02-10',
            resolutionDate: '2025-02-10',
            severity: 'moderate',
            relatedness: 'unlikely',
          }),
          world.tokens.adminA,
        );
        expect(other.statusCode, other.body).toBe(201);
        const list = await send('GET', `/api/patients/${patient}/adverse-events`);
        expect(list.json().items.map((e: { type: string }) => e.type)).toEqual([
          'other',
          'erythema',
        ]);
      });

      it('422 resolutionDate before the onset, on recording and on resolving', async () => {
        await expectRefused(
          () =>
            send(
              'POST',
              `/api/patients/${patient}/adverse-events`,
              event({ resolutionDate: '2025-03-03' }),
            ),
          'resolutionDate',
          /before the onset/,
        );
        await expectRefused(
          () =>
            send('PATCH', `/api/patients/${patient}/adverse-events/${eventId}`, {
              resolutionDate: '2025-03-01',
            }),
          'resolutionDate',
        );
        const unchanged = await send('GET', `/api/patients/${patient}/adverse-events`);
        expect(
          unchanged.json().items.find((e: { id: string }) => e.id === eventId).resolutionDate,
        ).toBe('2025-03-08');
      });

      it('422 for a type, severity or relatedness outside the record types, and more', async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ type: 'bruise' }, 'type'],
          [{ severity: 'life-threatening' }, 'severity'],
          [{ relatedness: 'maybe' }, 'relatedness'],
          [{ type: 'other' }, 'description'],
          [{ onsetDate: '2025-03-02' }, 'onsetDate'], // before the session it followed
          [{ onsetDate: tomorrow() }, 'onsetDate'],
          [{ sessionId: 'x' }, 'sessionId'],
        ];
        for (const [overrides, field] of cases)
          await expectRefused(
            () => send('POST', `/api/patients/${patient}/adverse-events`, event(overrides)),
            field,
          );
      });

      it('404 for an unknown event, or one of another patient', async () => {
        for (const id of ['nope', '00000000-0000-4000-8000-000000000000'])
          expectProblem(
            await send('PATCH', `/api/patients/${patient}/adverse-events/${id}`, {
              resolutionDate: null,
            }),
            404,
          );
        expectProblem(
          await send('PATCH', `/api/patients/${otherPatient}/adverse-events/${eventId}`, {
            resolutionDate: null,
          }),
          404,
        );
      });
    });
  });

  describe('consents', () => {
    it('records a consent, lists it, withdraws it once (a retry changes nothing)', async () => {
      const created = await send('POST', `/api/patients/${patient}/consents`, {
        scope: 'research',
        date: '2025-01-20',
      });
      expect(created.statusCode, created.body).toBe(201);
      const consent = created.json();
      expect(consent).toMatchObject({
        patientId: patient,
        scope: 'research',
        date: '2025-01-20',
        status: 'active',
        withdrawnDate: null,
      });
      const url = `/api/patients/${patient}/consents/${consent.id}`;
      const withdrawn = await send('PATCH', url, {
        status: 'withdrawn',
        withdrawnDate: '2025-05-01',
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnDate: '2025-05-01' });
      expect(await lastAudit()).toMatchObject({
        action: 'consent.withdraw',
        resource_id: consent.id,
      });
      const again = await send('PATCH', url, { status: 'withdrawn' });
      expect(again.json()).toMatchObject({ status: 'withdrawn', withdrawnDate: '2025-05-01' });
      const list = await send('GET', `/api/patients/${patient}/consents`);
      expect(list.json().items).toContainEqual(expect.objectContaining({ id: consent.id }));
    });

    it('one active consent per scope: a second is 409 and writes nothing; after a withdrawal, a new one is fine', async () => {
      const first = await send('POST', `/api/patients/${patient}/consents`, {
        scope: 'photography',
        date: '2025-02-01',
      });
      expect(first.statusCode, first.body).toBe(201);
      const before = await counts();
      const second = await send('POST', `/api/patients/${patient}/consents`, {
        scope: 'photography',
        date: '2025-02-02',
      });
      expectProblem(second, 409);
      expect(await counts()).toEqual(before);
      await send('PATCH', `/api/patients/${patient}/consents/${first.json().id}`, {
        status: 'withdrawn',
      });
      const renewed = await send('POST', `/api/patients/${patient}/consents`, {
        scope: 'photography',
        date: '2025-02-03',
      });
      expect(renewed.statusCode, renewed.body).toBe(201);
    });

    it('422 for an unknown scope, a future date, a withdrawal before the consent', async () => {
      await expectRefused(
        () =>
          send('POST', `/api/patients/${patient}/consents`, {
            scope: 'everything',
            date: '2025-01-01',
          }),
        'scope',
      );
      await expectRefused(
        () =>
          send('POST', `/api/patients/${patient}/consents`, {
            scope: 'treatment',
            date: tomorrow(),
          }),
        'date',
      );
      const created = await send('POST', `/api/patients/${patient}/consents`, {
        scope: 'treatment',
        date: '2025-02-01',
      });
      const url = `/api/patients/${patient}/consents/${created.json().id}`;
      await expectRefused(
        () => send('PATCH', url, { status: 'withdrawn', withdrawnDate: '2025-01-31' }),
        'withdrawnDate',
      );
      await expectRefused(() => send('PATCH', url, { status: 'active' }), 'status');
      expect((await send('GET', `/api/patients/${patient}/consents`)).json().items).toContainEqual(
        expect.objectContaining({ id: created.json().id, status: 'active' }),
      );
    });
  });

  describe('OpenAPI', () => {
    it('documents the record routes with their schemas and descriptions', async () => {
      const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      for (const path of [
        '/api/patients/{id}/sessions',
        '/api/patients/{id}/assessments',
        '/api/patients/{id}/adverse-events',
        '/api/patients/{id}/adverse-events/{eventId}',
        '/api/patients/{id}/consents',
        '/api/patients/{id}/consents/{consentId}',
        '/api/patients/{id}/photos',
        '/api/patients/{id}/photos/{photoId}',
      ])
        expect(Object.keys(doc.paths), path).toContain(path);
      const session = doc.paths['/api/patients/{id}/sessions'].post;
      const body = session.requestBody.content['application/json'].schema;
      expect(body.required).toEqual(expect.arrayContaining(['planId', 'date', 'zones']));
      expect(body.properties.intervalReason.description).toMatch(/minimum interval/);
      const upload = doc.paths['/api/patients/{id}/photos'].post;
      expect(upload.description).toMatch(/image\/jpeg/);
      expect(upload.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['consentId', 'takenDate', 'zoneId']),
      );
    });
  });

  describe('who may', () => {
    it('researchers get 403 on every record route; another clinic gets 404', async () => {
      for (const path of ['sessions', 'assessments', 'adverse-events', 'consents', 'photos']) {
        for (const method of ['GET', 'POST'] as const) {
          const forbidden = await send(
            method,
            `/api/patients/${patient}/${path}`,
            method === 'POST' ? {} : undefined,
            world.tokens.researcherA,
          );
          expectProblem(forbidden, 403);
        }
        const elsewhere = await send('GET', `/api/patients/${patientB}/${path}`);
        expectProblem(elsewhere, 404);
        expect(await lastAudit()).toMatchObject({ outcome: 'not-found' });
      }
      const before = await counts();
      expectProblem(
        await send('POST', `/api/patients/${patientB}/consents`, {
          scope: 'treatment',
          date: '2025-01-01',
        }),
        404,
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('archived patients', () => {
    it('409 for new records of an archived patient; their records stay readable', async () => {
      const archived = await createPatient(world, world.tokens.clinicianA);
      const consent = await send('POST', `/api/patients/${archived}/consents`, {
        scope: 'treatment',
        date: '2025-01-01',
      });
      expect(consent.statusCode).toBe(201);
      const archive = await send('PATCH', `/api/patients/${archived}`, { archived: true });
      expect(archive.statusCode).toBe(200);
      const before = await counts();
      for (const [path, payload] of [
        ['consents', { scope: 'research', date: '2025-01-01' }],
        ['assessments', { date: '2025-01-01', lemperleByZone: { submental: 2 } }],
        [
          'adverse-events',
          { type: 'oedema', onsetDate: '2025-01-02', severity: 'mild', relatedness: 'possible' },
        ],
      ] as const)
        expectProblem(await send('POST', `/api/patients/${archived}/${path}`, payload), 409);
      expect(await counts()).toEqual(before);
      const list = await send('GET', `/api/patients/${archived}/consents`);
      expect(list.json().items).toHaveLength(1);
    });
  });

  describe('row-level security and grants on the record tables', () => {
    const onPostgres = it.skipIf(kind === 'pglite');
    const asApp = <T>(clinicId: string | undefined, work: (tx: Kysely<unknown>) => Promise<T>) =>
      (world.appStorage.db as unknown as Kysely<unknown>).transaction().execute(async (tx) => {
        if (clinicId) await sql`select set_config('app.clinic_id', ${clinicId}, true)`.execute(tx);
        return work(tx);
      });

    onPostgres('each clinic sees only its rows; without a clinic none; no DELETE', async () => {
      const consentB = await send(
        'POST',
        `/api/patients/${patientB}/consents`,
        { scope: 'treatment', date: '2025-01-01' },
        world.tokens.clinicianB,
      );
      expect(consentB.statusCode).toBe(201);
      for (const table of RECORD_TABLES) {
        const seen = await asApp(world.clinicA, async (tx) =>
          (
            await sql<{ clinic_id: string }>`select clinic_id from ${sql.table(table)}`.execute(tx)
          ).rows.map((r) => r.clinic_id),
        );
        expect(new Set(seen), table).not.toContain(world.clinicB);
        const none = await asApp(
          undefined,
          async (tx) => (await sql`select 1 from ${sql.table(table)}`.execute(tx)).rows,
        );
        expect(none, table).toEqual([]);
        await expect(
          asApp(world.clinicA, (tx) => sql`delete from ${sql.table(table)}`.execute(tx)),
          table,
        ).rejects.toThrow(/permission denied/);
      }
      const consents = await asApp(
        world.clinicB,
        async (tx) => (await sql<{ id: string }>`select id from consents`.execute(tx)).rows,
      );
      expect(consents.map((c) => c.id)).toEqual([consentB.json().id]);
    });

    it('the database itself refuses what the API refuses (CHECK constraints)', async () => {
      const base = {
        clinic_id: world.clinicA,
        patient_id: patient,
        plan_id: plan,
        date: '2025-03-03',
      };
      const insertSession = (zones: unknown) =>
        world.storage.db
          .insertInto('treatment_sessions')
          .values({
            ...base,
            series_id: null,
            operator: 'x',
            needle_gauge: '23G',
            zones: JSON.stringify(zones),
            anaesthesia: 'none',
            notes: null,
            interval_reason: null,
            created_by: null,
          })
          .execute();
      for (const zones of [
        [],
        [{ zoneId: 'submental', coresDelivered: -1 }],
        [{ zoneId: 'submental', coresDelivered: 1.5 }],
        [{ zoneId: 'submental', coresDelivered: '3' }],
        [
          { zoneId: 'submental', coresDelivered: 1 },
          { zoneId: 'submental', coresDelivered: 2 },
        ],
        { zoneId: 'submental' },
      ])
        await expect(insertSession(zones), JSON.stringify(zones)).rejects.toThrow(/check/i);
      // A plan of another patient breaks the composite foreign key.
      await expect(
        world.storage.db
          .insertInto('treatment_sessions')
          .values({
            ...base,
            plan_id: otherPlan,
            series_id: null,
            operator: 'x',
            needle_gauge: '23G',
            zones: JSON.stringify([{ zoneId: 'submental', coresDelivered: 1 }]),
            anaesthesia: 'none',
            notes: null,
            interval_reason: null,
            created_by: null,
          })
          .execute(),
      ).rejects.toThrow(/foreign key/i);
      await expect(
        world.storage.db
          .insertInto('assessments')
          .values({
            clinic_id: world.clinicA,
            patient_id: patient,
            session_id: null,
            date: '2025-03-03',
            lemperle_by_zone: JSON.stringify({ submental: 2.5 }),
            gais_investigator: null,
            gais_subject: null,
            satisfaction: null,
            laxity_grade: null,
            notes: null,
            created_by: null,
          })
          .execute(),
      ).rejects.toThrow(/check/i);
      await expect(
        world.storage.db
          .insertInto('adverse_events')
          .values({
            clinic_id: world.clinicA,
            patient_id: patient,
            session_id: null,
            type: 'erythema',
            description: null,
            onset_date: '2025-03-03',
            resolution_date: '2025-03-02',
            severity: 'mild',
            relatedness: 'possible',
            created_by: null,
          })
          .execute(),
      ).rejects.toThrow(/check/i);
    });
  });
});
