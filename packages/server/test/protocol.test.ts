import { assessCandidacy, CANDIDACY_RULES, scheduleSeries } from '@microcore/core';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  createPlan,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PATIENT,
  type World,
} from './helpers.js';

/**
 * The protocol routes of issue 5: candidacy screenings and treatment series, with the calendar.
 * Every refusal is a 422 naming the field (or 403/404/409) and leaves no row behind.
 */

/** Every checklist question answered no, and then the given ones. */
const answers = (yes: Record<string, boolean> = {}) => ({
  ...Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false])),
  ...yes,
});

const todayUtc = () => new Date().toISOString().slice(0, 10);
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

onEachDatabase((kind) => {
  let world: World;
  let patientA: string;
  let planA: string;
  /** Another patient of clinic A, with a plan of their own. */
  let otherA: string;
  let otherPlanA: string;
  let patientB: string;
  let planB: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    const token = world.tokens.clinicianA;
    patientA = await createPatient(world, token);
    planA = await createPlan(world, token, patientA);
    otherA = await createPatient(world, token, { ...PATIENT, laxityGrade: 1 });
    otherPlanA = await createPlan(world, token, otherA);
    patientB = await createPatient(world, world.tokens.clinicianB);
    planB = await createPlan(world, world.tokens.clinicianB, patientB);
  }, 60_000);
  afterAll(() => world?.close());

  const call = (
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    token = world.tokens.clinicianA,
  ) =>
    world.app.inject({
      method,
      url,
      headers: bearer(token),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const screen = (payload: unknown, id = patientA, token?: string) =>
    call('POST', `/api/patients/${id}/screenings`, payload, token);
  const book = (payload: unknown, id = patientA, token?: string) =>
    call('POST', `/api/patients/${id}/series`, payload, token);

  /** Rows in the protocol tables, read by the owner (RLS does not bind it). */
  const counts = async () => {
    const { rows } = await sql<{ screenings: number; series: number }>`
      select (select count(*)::int from screenings) as screenings,
             (select count(*)::int from treatment_series) as series`.execute(world.storage.db);
    return rows[0];
  };
  const lastAudit = () =>
    world.storage.db
      .selectFrom('audit_log')
      .select(['action', 'resource_type', 'resource_id', 'outcome', 'user_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  const auditCount = async () =>
    (
      await world.storage.db
        .selectFrom('audit_log')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  /** A refusal: the status, problem+json, the field named, nothing written, the refusal audited. */
  async function expectRefused(
    send: () => Promise<{
      statusCode: number;
      headers: Record<string, unknown>;
      json(): unknown;
    }>,
    status: number,
    field?: string,
    code?: string,
  ) {
    const before = await counts();
    const response = await send();
    const problem = expectProblem(response, status);
    if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
    if (code) expect(problem.code).toBe(code);
    expect(await counts()).toEqual(before);
    return problem;
  }

  describe('screening checklist', () => {
    it('lists the questions with codes, text and sources, and the acknowledgements, for any role, unaudited', async () => {
      const before = await auditCount();
      for (const token of [
        world.tokens.researcherA,
        world.tokens.adminA,
        world.tokens.clinicianB,
      ]) {
        const response = await call('GET', '/api/screening/checklist', undefined, token);
        expect(response.statusCode).toBe(200);
        const body = response.json();
        expect(body.questions.map((q: { code: string }) => q.code)).toEqual(
          CANDIDACY_RULES.checklist.map((q) => q.code),
        );
        for (const q of body.questions) {
          expect(q.question.length).toBeGreaterThan(10);
          expect(q.source.length).toBeGreaterThan(5);
          expect(['not-eligible', 'refer']).toContain(q.outcome);
        }
        expect(body.acknowledgements).toEqual([
          expect.objectContaining({
            code: 'fitzpatrick-v-vi-not-studied',
            appliesTo: 'fitzpatrickType 5–6',
          }),
        ]);
        expect(body.minimumAgeYears).toBe(22);
      }
      expect(await auditCount()).toBe(before);
      expectProblem(
        await world.app.inject({ method: 'GET', url: '/api/screening/checklist' }),
        401,
      );
    });
  });

  describe('screenings', () => {
    it('screens with the stored birth date and skin type, as the core does; today (UTC) by default', async () => {
      const before = todayUtc();
      const planned = addDays(before, 30);
      const response = await screen({ answers: answers(), plannedTreatmentDate: planned });
      const after = todayUtc();
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect([before, after]).toContain(body.date);
      const expected = assessCandidacy({
        birthDate: PATIENT.birthDate,
        screeningDate: body.date,
        fitzpatrickType: 2,
        answers: answers(),
        plannedTreatmentDate: planned,
      });
      expect(body).toMatchObject({
        patientId: patientA,
        decision: 'eligible',
        reasons: [],
        flags: [],
        preCare: expected.preCare,
        answers: answers(),
        acknowledgements: [],
        plannedTreatmentDate: planned,
      });
      expect(
        body.preCare.find((p: { code: string }) => p.code === 'stop-blood-thinning-medication'),
      ).toMatchObject({ fromDate: addDays(planned, -14) });
      expect(await lastAudit()).toMatchObject({
        action: 'screening.create',
        resource_type: 'screening',
        resource_id: body.id,
        outcome: 'ok',
      });
    });

    it('lists every reason: a contraindication and a referral → not eligible, with sources', async () => {
      const response = await screen({
        answers: answers({ pregnantOrBreastfeeding: true, smasLaxity: true }),
        date: '2026-01-15',
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.decision).toBe('not-eligible');
      expect(body.reasons.map((r: { code: string }) => r.code)).toEqual([
        'contraindication.pregnancy-or-breastfeeding',
        'refer.smas-laxity',
      ]);
      for (const r of body.reasons) expect(r.source.length).toBeGreaterThan(5);
      expect(body.preCare).toEqual([]);
      const referral = await screen({
        answers: answers({ expectsFacelift: true }),
        date: '2026-01-16',
      });
      expect(referral.json()).toMatchObject({
        decision: 'refer',
        reasons: [{ code: 'refer.facelift-expectation' }],
      });
    });

    it('Fitzpatrick V–VI: not eligible without the acknowledgement; with it, warnings and the pigment flag', async () => {
      const darker = await createPatient(world, world.tokens.clinicianA, {
        ...PATIENT,
        fitzpatrickType: 6,
      });
      const without = (await screen({ answers: answers() }, darker)).json();
      expect(without).toMatchObject({
        decision: 'not-eligible',
        reasons: [{ code: 'fitzpatrick.v-vi-acknowledgement-missing' }],
        flags: [],
      });
      const response = await screen(
        { answers: answers(), acknowledgements: ['fitzpatrick-v-vi-not-studied'] },
        darker,
      );
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        decision: 'eligible-with-warnings',
        reasons: [{ code: 'fitzpatrick.v-vi-not-studied' }],
        flags: ['follow-up.hyperpigmentation'],
        acknowledgements: ['fitzpatrick-v-vi-not-studied'],
      });
      const { rows } = await sql<{ flags: string[]; acknowledgements: string[] }>`
        select to_jsonb(flags) as flags, to_jsonb(acknowledgements) as acknowledgements
        from screenings where id = ${response.json().id}`.execute(world.storage.db);
      expect(rows).toEqual([
        {
          flags: ['follow-up.hyperpigmentation'],
          acknowledgements: ['fitzpatrick-v-vi-not-studied'],
        },
      ]);
    });

    it('a patient under 22 on the screening day is not eligible', async () => {
      const young = await createPatient(world, world.tokens.clinicianA, {
        ...PATIENT,
        birthDate: '2004-06-01',
      });
      const on = await screen({ answers: answers(), date: '2026-05-31' }, young);
      expect(on.json().decision).toBe('not-eligible');
      expect(on.json().reasons[0].code).toBe('age.under-minimum');
      const after = await screen({ answers: answers(), date: '2026-06-01' }, young);
      expect(after.json().decision).toBe('eligible');
    });

    it('lists the screenings newest first, and audits the read', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const older = (await screen({ answers: answers(), date: '2026-03-01' }, id)).json();
      const newer = (await screen({ answers: answers(), date: '2026-04-01' }, id)).json();
      for (const token of [world.tokens.clinicianA, world.tokens.adminA]) {
        const response = await call('GET', `/api/patients/${id}/screenings`, undefined, token);
        expect(response.statusCode).toBe(200);
        expect(response.json().items).toEqual([newer, older]);
        expect(await lastAudit()).toMatchObject({
          action: 'screening.list',
          resource_type: 'patient',
          resource_id: id,
          outcome: 'ok',
        });
      }
    });

    it('a missing, unknown or non-yes/no answer is a 422 naming answers.<code>; nothing written, refusal audited', async () => {
      const { pregnantOrBreastfeeding: _, ...missing } = answers();
      await expectRefused(
        () => screen({ answers: missing }),
        422,
        'answers.pregnantOrBreastfeeding',
        'candidacy.missing-answer',
      );
      expect(await lastAudit()).toMatchObject({
        action: 'screening.create',
        resource_id: patientA,
        outcome: 'invalid',
      });
      await expectRefused(
        () => screen({ answers: { ...answers(), pregnancy: false } }),
        422,
        'answers.pregnancy',
        'candidacy.unknown-answer',
      );
      await expectRefused(
        () => screen({ answers: { ...answers(), keloidHistory: 'no' } }),
        422,
        'answers.keloidHistory',
      );
      await expectRefused(() => screen({ answers: [] }), 422, 'answers');
      await expectRefused(() => screen({}), 422, 'answers');
    });

    it('an unknown acknowledgement, a bad or future date, a planned date before screening: 422 naming it', async () => {
      await expectRefused(
        () => screen({ answers: answers(), acknowledgements: ['fitzpatrick-ok'] }),
        422,
        'acknowledgements[0]',
        'candidacy.invalid-input',
      );
      await expectRefused(() => screen({ answers: answers(), date: '2026-02-30' }), 422, 'date');
      await expectRefused(() => screen({ answers: answers(), date: '15.01.2026' }), 422, 'date');
      await expectRefused(
        () => screen({ answers: answers(), date: addDays(todayUtc(), 3) }),
        422,
        'date',
      );
      // Before the patient was born: the core's screeningDate is the request's date.
      const beforeBirth = await expectRefused(
        () => screen({ answers: answers(), date: '1950-01-01' }),
        422,
        'date',
      );
      expect(beforeBirth.detail).toMatch(/before the birth date/);
      await expectRefused(
        () =>
          screen({ answers: answers(), date: '2026-05-10', plannedTreatmentDate: '2026-05-09' }),
        422,
        'plannedTreatmentDate',
      );
      await expectRefused(() => screen({ answers: answers(), extra: 1 }), 422, 'extra');
    });

    it('an archived patient is not screened (409)', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { archived: true },
      });
      await expectRefused(() => screen({ answers: answers() }, id), 409);
    });

    it("another clinic's patient is 404; a researcher 403; an admin reads but does not screen", async () => {
      await expectRefused(() => screen({ answers: answers() }, patientB), 404);
      expectProblem(await call('GET', `/api/patients/${patientB}/screenings`), 404);
      await expectRefused(
        () => screen({ answers: answers() }, patientA, world.tokens.researcherA),
        403,
      );
      expectProblem(
        await call(
          'GET',
          `/api/patients/${patientA}/screenings`,
          undefined,
          world.tokens.researcherA,
        ),
        403,
      );
      await expectRefused(() => screen({ answers: answers() }, patientA, world.tokens.adminA), 403);
      expect(await lastAudit()).toMatchObject({ action: 'screening.create', outcome: 'forbidden' });
    });
  });

  describe('treatment series', () => {
    it('books the sessions the laxity grade recommends, 6 weeks apart, assessed 3 months after the last', async () => {
      const response = await book({ planId: planA, startDate: '2027-01-04' });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(response.headers.location).toBe(`/api/patients/${patientA}/series/${body.id}`);
      // PATIENT's laxity 2.5 is moderate: 2 sessions.
      const expected = scheduleSeries({ startDate: '2027-01-04', laxityGrade: 2.5 });
      expect(body).toMatchObject({
        patientId: patientA,
        planId: planA,
        startDate: '2027-01-04',
        sessions: expected.sessions,
        assessmentDate: '2027-05-15',
        intervalWeeks: 6,
        reason: null,
        laxityGrade: 2.5,
        warnings: [],
      });
      expect(body.sessions.map((s: { date: string }) => s.date)).toEqual([
        '2027-01-04',
        '2027-02-15',
      ]);
      expect(body.sessions[0]).toMatchObject({ number: 1, downtimeUntil: '2027-01-08' });
      expect(body.sessions[0].aftercare.length).toBeGreaterThan(3);
      const { rows } = await sql<{ dates: string[] }>`
        select to_jsonb(session_dates) as dates from treatment_series where id = ${body.id}`.execute(
        world.storage.db,
      );
      expect(rows[0].dates).toEqual(['2027-01-04', '2027-02-15']);
      expect(await lastAudit()).toMatchObject({
        action: 'series.create',
        resource_type: 'series',
        resource_id: body.id,
        outcome: 'ok',
      });

      const read = await call('GET', response.headers.location as string);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual(body);
      expect(await lastAudit()).toMatchObject({ action: 'series.read', resource_id: body.id });
    });

    it('a shorter interval with a reason is booked with a warning; 30/7 weeks is exactly 30 days', async () => {
      const response = await book({
        planId: planA,
        startDate: '2027-03-01',
        sessions: 3,
        intervalWeeks: 30 / 7,
        reason: '  as in the 30–45 day study  ',
      });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(body.sessions.map((s: { date: string }) => s.date)).toEqual([
        '2027-03-01',
        '2027-03-31',
        '2027-04-30',
      ]);
      expect(body.intervalWeeks).toBe(30 / 7);
      expect(body.reason).toBe('as in the 30–45 day study');
      expect(body.warnings.map((w: { code: string }) => w.code)).toEqual([
        'series.sessions-differ-from-recommendation',
        'series.interval-below-minimum',
      ]);
      const read = await call('GET', `/api/patients/${patientA}/series/${body.id}`);
      expect(read.json().intervalWeeks).toBe(30 / 7);
    });

    it('lists the series newest first; an admin reads them too', async () => {
      const first = (await book({ planId: otherPlanA, startDate: '2027-06-01' }, otherA)).json();
      const second = (await book({ planId: otherPlanA, startDate: '2027-09-01' }, otherA)).json();
      // Laxity 1 is mild: one session.
      expect(first.sessions).toHaveLength(1);
      for (const token of [world.tokens.clinicianA, world.tokens.adminA]) {
        const response = await call('GET', `/api/patients/${otherA}/series`, undefined, token);
        expect(response.statusCode).toBe(200);
        expect(response.json().items).toEqual([second, first]);
        expect(await lastAudit()).toMatchObject({ action: 'series.list', resource_id: otherA });
      }
    });

    it('a too-short interval without a reason is a 422 naming intervalWeeks; nothing written', async () => {
      const problem = await expectRefused(
        () => book({ planId: planA, startDate: '2027-01-04', intervalWeeks: 4 }),
        422,
        'intervalWeeks',
        'series.interval-below-minimum',
      );
      expect(problem.detail).toMatch(/28 days .* below the clinic's minimum of 6 weeks/);
      expect(await lastAudit()).toMatchObject({
        action: 'series.create',
        resource_id: patientA,
        outcome: 'invalid',
      });
      await expectRefused(
        () => book({ planId: planA, startDate: '2027-01-04', intervalWeeks: 4, reason: '   ' }),
        422,
        'intervalWeeks',
      );
    });

    it("a plan that is not this patient's is a 422 naming planId (another patient, another clinic, unknown, malformed)", async () => {
      for (const planId of [otherPlanA, planB, '00000000-0000-4000-8000-000000000000']) {
        const problem = await expectRefused(
          () => book({ planId, startDate: '2027-01-04' }),
          422,
          'planId',
        );
        expect(problem.detail).toMatch(/no plan of this patient/);
      }
      await expectRefused(() => book({ planId: 'plan-1', startDate: '2027-01-04' }), 422, 'planId');
      await expectRefused(() => book({ startDate: '2027-01-04' }), 422, 'planId');
    });

    it('the database itself refuses a series on another patient’s plan', async () => {
      const user = await world.storage.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'clinician@a.test')
        .executeTakeFirstOrThrow();
      await expect(
        sql`insert into treatment_series (patient_id, clinic_id, plan_id, start_date, session_dates,
              interval_weeks, laxity_grade, assessment_date, sessions, warnings, created_by)
            values (${patientA}, ${world.clinicA}, ${otherPlanA}, '2027-01-04', '{2027-01-04}',
              6, 2, '2027-04-04', '[]', '[]', ${user.id})`.execute(world.storage.db),
      ).rejects.toThrow(/foreign key/);
    });

    it('bad sessions, interval or dates: 422 naming the field; nothing written', async () => {
      const base = { planId: planA, startDate: '2027-01-04' };
      await expectRefused(
        () => book({ ...base, sessions: 7 }),
        422,
        'sessions',
        'series.invalid-input',
      );
      await expectRefused(() => book({ ...base, sessions: 1.5 }), 422, 'sessions');
      await expectRefused(() => book({ ...base, sessions: 0 }), 422, 'sessions');
      await expectRefused(() => book({ ...base, intervalWeeks: 0 }), 422, 'intervalWeeks');
      await expectRefused(() => book({ ...base, intervalWeeks: 53 }), 422, 'intervalWeeks');
      await expectRefused(() => book({ ...base, intervalWeeks: 0.1 }), 422, 'intervalWeeks');
      await expectRefused(() => book({ ...base, startDate: '2027-02-29' }), 422, 'startDate');
      await expectRefused(() => book({ ...base, startDate: 'soon' }), 422, 'startDate');
      await expectRefused(() => book({ ...base, reason: 5 }), 422, 'reason');
      await expectRefused(() => book({ ...base, colour: 'red' }), 422, 'colour');
    });

    it("another clinic's patient or series is 404; a series of another patient too", async () => {
      const seriesB = (
        await book({ planId: planB, startDate: '2027-01-04' }, patientB, world.tokens.clinicianB)
      ).json().id as string;
      const seriesOther = (
        await book({ planId: otherPlanA, startDate: '2027-01-04' }, otherA)
      ).json().id as string;
      await expectRefused(() => book({ planId: planB, startDate: '2027-01-04' }, patientB), 404);
      for (const url of [
        `/api/patients/${patientB}/series`,
        `/api/patients/${patientB}/series/${seriesB}`,
        `/api/patients/${patientB}/series/${seriesB}/calendar.ics`,
        `/api/patients/${patientA}/series/${seriesB}`,
        `/api/patients/${patientA}/series/${seriesB}/calendar.ics`,
        `/api/patients/${patientA}/series/${seriesOther}`,
        `/api/patients/${patientA}/series/${seriesOther}/calendar.ics`,
        `/api/patients/${patientA}/series/not-a-uuid`,
      ]) {
        const response = await call('GET', url);
        expectProblem(response, 404);
        expect(response.body, url).not.toContain('2027-01-04');
      }
      // A path id that is not an id never goes into the trail: the refusal names the patient.
      expect(await lastAudit()).toMatchObject({
        action: 'series.read',
        resource_id: patientA,
        outcome: 'not-found',
      });
    });

    it('a researcher is refused every series route (403); an admin does not book', async () => {
      const seriesId = (await book({ planId: planA, startDate: '2027-01-04' })).json().id;
      const token = world.tokens.researcherA;
      await expectRefused(
        () => book({ planId: planA, startDate: '2027-01-04' }, patientA, token),
        403,
      );
      await expectRefused(
        () => book({ planId: planA, startDate: '2027-01-04' }, patientA, world.tokens.adminA),
        403,
      );
      for (const url of [
        `/api/patients/${patientA}/series`,
        `/api/patients/${patientA}/series/${seriesId}`,
        `/api/patients/${patientA}/series/${seriesId}/calendar.ics`,
      ]) {
        expectProblem(await call('GET', url, undefined, token), 403);
      }
      expect(await lastAudit()).toMatchObject({
        action: 'series.calendar',
        resource_id: seriesId,
        outcome: 'forbidden',
      });
    });

    it('an archived patient gets no new series (409)', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const plan = await createPlan(world, world.tokens.clinicianA, id);
      await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { archived: true },
      });
      await expectRefused(() => book({ planId: plan, startDate: '2027-01-04' }, id), 409);
    });
  });

  describe('the series calendar', () => {
    it('is an .ics attachment that ical.js parses: one event per session and the assessment', async () => {
      const series = (await book({ planId: planA, startDate: '2027-11-30', sessions: 3 })).json();
      const before = Date.now();
      const response = await call(
        'GET',
        `/api/patients/${patientA}/series/${series.id}/calendar.ics`,
        undefined,
        world.tokens.adminA,
      );
      const after = Date.now();
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="microcore-series-${series.id}.ics"`,
      );
      const events = parseEvents(response.body);
      expect(events.map((e) => e.startDate.toString())).toEqual([
        '2027-11-30',
        '2028-01-11',
        '2028-02-22',
        '2028-05-22',
      ]);
      expect(series.assessmentDate).toBe('2028-05-22');
      for (const e of events) expect(e.startDate.isDate).toBe(true);
      expect(events.map((e) => e.uid)).toEqual([
        `${series.id}-session-1@microcore`,
        `${series.id}-session-2@microcore`,
        `${series.id}-session-3@microcore`,
        `${series.id}-assessment@microcore`,
      ]);
      expect(events[0].summary).toBe('Micro-Coring session 1 of 3 (Clinic A)');
      expect(events[0].location).toBe('Clinic A');
      expect(events[0].description).toContain('until 2027-12-04');
      const stamp = (events[0].component.getFirstPropertyValue('dtstamp') as ICAL.Time)
        .toJSDate()
        .getTime();
      expect(stamp).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(stamp).toBeLessThanOrEqual(after);
      expect(response.body).not.toContain(PATIENT.familyName);
      expect(await lastAudit()).toMatchObject({
        action: 'series.calendar',
        resource_type: 'series',
        resource_id: series.id,
        outcome: 'ok',
      });
    });
  });

  describe('OpenAPI', () => {
    it('documents the protocol routes, their bodies and the calendar as text/calendar', async () => {
      const doc = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const screening = doc.paths['/api/patients/{id}/screenings'].post;
      expect(screening.requestBody.content['application/json'].schema.required).toEqual([
        'answers',
      ]);
      const series = doc.paths['/api/patients/{id}/series'].post;
      expect(series.requestBody.content['application/json'].schema.required).toEqual([
        'planId',
        'startDate',
      ]);
      expect(doc.paths['/api/patients/{id}/series/{seriesId}'].get.responses['404']).toBeDefined();
      expect(
        doc.paths['/api/patients/{id}/series/{seriesId}/calendar.ics'].get.responses['200'].content,
      ).toEqual({ 'text/calendar': { schema: { type: 'string' } } });
      expect(doc.paths['/api/screening/checklist'].get).toBeDefined();
    });
  });

  describe('the audit chain', () => {
    it('still verifies after all of the above', async () => {
      const response = await call('GET', '/api/audit/verify', undefined, world.tokens.adminA);
      expect(response.json()).toMatchObject({ ok: true });
      expect(response.json().records).toBeGreaterThan(40);
    });
  });
});
