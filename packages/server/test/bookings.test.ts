import ICAL from 'ical.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantAt } from '../src/clinicCalendar.js';
import {
  bearer,
  createPatient,
  createPlan,
  expectProblem,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';

/**
 * Issue 13's bookings: a series' sessions and assessment at a time of day (a timed event in the
 * .ics, in the clinic's time zone), and follow-ups booked for a day to come, then recorded on the
 * day as an assessment that names the booking. Every refusal is a 422 naming the field and
 * leaves no row behind.
 */

function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

describe("a clinic's local time as an instant", () => {
  it('is the offset of the day: winter and summer in Paris, Sydney, UTC', () => {
    expect(instantAt('Europe/Paris', '2027-01-12', '09:30').toISOString()).toBe(
      '2027-01-12T08:30:00.000Z',
    );
    expect(instantAt('Europe/Paris', '2027-07-12', '09:30').toISOString()).toBe(
      '2027-07-12T07:30:00.000Z',
    );
    expect(instantAt('Australia/Sydney', '2027-01-12', '08:15').toISOString()).toBe(
      '2027-01-11T21:15:00.000Z',
    );
    expect(instantAt('UTC', '2027-01-12', '23:59').toISOString()).toBe('2027-01-12T23:59:00.000Z');
  });

  it('a time shown twice is its first showing; a time skipped is taken after the jump', () => {
    // Paris, 2027-10-31: 03:00 summer time → 02:00 winter time; 02:30 happens twice.
    expect(instantAt('Europe/Paris', '2027-10-31', '02:30').toISOString()).toBe(
      '2027-10-31T00:30:00.000Z',
    );
    // Paris, 2027-03-28: 02:00 → 03:00; 02:30 does not exist, 03:30 summer time is meant.
    expect(instantAt('Europe/Paris', '2027-03-28', '02:30').toISOString()).toBe(
      '2027-03-28T01:30:00.000Z',
    );
  });
});

onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let plan: string;
  let otherPatient: string;
  let patientB: string;
  /** The server's clock: moved forward to "the day" of a booking. */
  let now = new Date('2027-03-01T10:00:00Z');
  beforeAll(async () => {
    world = await makeWorld(kind, {}, { clock: () => now });
    const token = world.tokens.clinicianA;
    patient = await createPatient(world, token);
    plan = await createPlan(world, token, patient);
    otherPatient = await createPatient(world, token);
    patientB = await createPatient(world, world.tokens.clinicianB);
  }, 60_000);
  afterAll(() => world?.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, token?: string) =>
    world.app.inject({
      method,
      url,
      headers: bearer(token ?? world.tokens.clinicianA),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const counts = async () => {
    const { rows } = await sql<{ series: number; followUps: number; assessments: number }>`
      select (select count(*)::int from treatment_series) as series,
             (select count(*)::int from planned_follow_ups) as "followUps",
             (select count(*)::int from assessments) as assessments`.execute(world.storage.db);
    return rows[0];
  };
  async function expectRefused(send: () => ReturnType<typeof call>, status: number, field: string) {
    const before = await counts();
    const problem = expectProblem(await send(), status);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
    return problem;
  }

  describe('a series at a time of day', () => {
    it('keeps a time per session and for the assessment; the .ics has them as timed events in the clinic’s zone', async () => {
      const zone = await call(
        'PATCH',
        '/api/clinic',
        { timeZone: 'Europe/Paris' },
        world.tokens.adminA,
      );
      expect(zone.statusCode).toBe(200);
      const booked = await call('POST', `/api/patients/${patient}/series`, {
        planId: plan,
        startDate: '2027-03-02',
        sessions: 2,
        sessionTimes: ['09:30', null],
        assessmentTime: '14:00',
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const series = booked.json();
      expect(
        series.sessions.map((s: { date: string; time: string | null }) => [s.date, s.time]),
      ).toEqual([
        ['2027-03-02', '09:30'],
        ['2027-04-13', null],
      ]);
      expect(series).toMatchObject({ assessmentDate: '2027-07-13', assessmentTime: '14:00' });
      const read = await call('GET', `/api/patients/${patient}/series/${series.id}`);
      expect(read.json()).toEqual(series);

      const ics = await call('GET', `/api/patients/${patient}/series/${series.id}/calendar.ics`);
      expect(ics.statusCode).toBe(200);
      const events = parseEvents(ics.body);
      // 09:30 in Paris in March (UTC+1) and 14:00 in July (UTC+2); session 2 stays all day.
      expect(events.map((e) => e.startDate.toString())).toEqual([
        '2027-03-02T08:30:00Z',
        '2027-04-13',
        '2027-07-13T12:00:00Z',
      ]);
      expect(events[0].endDate.subtractDate(events[0].startDate).toSeconds()).toBe(3600);
      await call('PATCH', '/api/clinic', { timeZone: 'UTC' }, world.tokens.adminA);
    });

    it('a series booked without times has null times and all-day events', async () => {
      const booked = await call('POST', `/api/patients/${patient}/series`, {
        planId: plan,
        startDate: '2027-03-02',
        sessions: 1,
      });
      expect(booked.json()).toMatchObject({ assessmentTime: null, sessions: [{ time: null }] });
    });

    it('a time not HH:MM, or a count of times other than the sessions’: 422 naming it; nothing written', async () => {
      const base = { planId: plan, startDate: '2027-03-02', sessions: 2 };
      const post = (body: unknown) => () => call('POST', `/api/patients/${patient}/series`, body);
      await expectRefused(post({ ...base, assessmentTime: '24:00' }), 422, 'assessmentTime');
      await expectRefused(post({ ...base, assessmentTime: '9:30' }), 422, 'assessmentTime');
      const wrong = await expectRefused(
        post({ ...base, sessionTimes: ['09:00', '25:61'] }),
        422,
        'sessionTimes[1]',
      );
      expect(wrong.errors?.[0].message).toContain('HH:MM');
      const count = await expectRefused(
        post({ ...base, sessionTimes: ['09:00'] }),
        422,
        'sessionTimes',
      );
      expect(count.errors?.[0].message).toContain('1 times for 2 sessions');
    });
  });

  describe('planned follow-ups', () => {
    const followUps = (id = patient) => `/api/patients/${id}/follow-ups`;
    const assess = (body: unknown, id = patient) =>
      call('POST', `/api/patients/${id}/assessments`, body);

    it('books a day to come, lists it as due, and records it on the day', async () => {
      const booked = await call('POST', followUps(), {
        date: '2027-03-10',
        time: '11:15',
        notes: '90 days',
      });
      expect(booked.statusCode, booked.body).toBe(201);
      const followUp = booked.json();
      expect(followUp).toMatchObject({
        patientId: patient,
        date: '2027-03-10',
        time: '11:15',
        status: 'due',
        assessmentId: null,
      });
      // Before the day, the assessment itself is still refused as in the future.
      await expectRefused(
        () => assess({ date: '2027-03-10', followUpId: followUp.id, gaisInvestigator: 2 }),
        422,
        'date',
      );

      now = new Date('2027-03-10T09:00:00Z');
      const recorded = await assess({
        date: '2027-03-10',
        followUpId: followUp.id,
        lemperleByZone: { submental: 2 },
        gaisInvestigator: 2,
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json()).toMatchObject({ followUpId: followUp.id });
      const list = (await call('GET', followUps())).json();
      expect(list.items).toEqual([
        { ...followUp, status: 'recorded', assessmentId: recorded.json().id },
      ]);
      const audit = await world.storage.db
        .selectFrom('audit_log')
        .select(['action', 'resource_type'])
        .where('action', '=', 'follow-up.create')
        .executeTakeFirstOrThrow();
      expect(audit.resource_type).toBe('planned-follow-up');
    });

    it('a day before today, or a bad time: 422 naming it; nothing written', async () => {
      const refused = await expectRefused(
        () => call('POST', followUps(), { date: '2027-03-09' }),
        422,
        'date',
      );
      expect(refused.errors?.[0].message).toContain('today is 2027-03-10');
      await expectRefused(
        () => call('POST', followUps(), { date: '2027-04-01', time: '7pm' }),
        422,
        'time',
      );
      await expectRefused(() => call('POST', followUps(), { date: '2027-02-30' }), 422, 'date');
    });

    it('a booking is recorded once, not before its day, and only for its own patient', async () => {
      const later = (await call('POST', followUps(), { date: '2027-03-12' })).json();
      await expectRefused(
        () => assess({ date: '2027-03-10', followUpId: later.id, gaisSubject: 3 }),
        422,
        'date',
      );
      await expectRefused(
        () => assess({ date: '2027-03-10', followUpId: later.id, gaisSubject: 3 }, otherPatient),
        422,
        'followUpId',
      );
      now = new Date('2027-03-12T09:00:00Z');
      expect(
        (await assess({ date: '2027-03-12', followUpId: later.id, gaisSubject: 3 })).statusCode,
      ).toBe(201);
      const again = await expectRefused(
        () => assess({ date: '2027-03-12', followUpId: later.id, gaisSubject: 2 }),
        422,
        'followUpId',
      );
      expect(again.errors?.[0].message).toContain('already recorded');
    });

    it('two recordings of one booking at once: one is kept, the other told it is recorded', async () => {
      const booking = (await call('POST', followUps(), { date: '2027-03-12' })).json();
      const body = { date: '2027-03-12', followUpId: booking.id, satisfaction: 4 };
      const answers = await Promise.all([assess(body), assess(body)]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422]);
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from assessments where follow_up_id = ${booking.id}`.execute(
        world.storage.db,
      );
      expect(rows[0].n).toBe(1);
    });

    it('are in the FHIR export as Appointments, in the clinic’s time zone', async () => {
      const fresh = await createPatient(world, world.tokens.clinicianA);
      await call('PATCH', '/api/clinic', { timeZone: 'Europe/Paris' }, world.tokens.adminA);
      try {
        const timed = (
          await call('POST', followUps(fresh), { date: '2027-04-20', time: '09:30' })
        ).json();
        const allDay = (await call('POST', followUps(fresh), { date: '2027-04-21' })).json();
        const bundle = (await call('GET', `/api/patients/${fresh}/fhir`)).json();
        const appointments = bundle.entry
          .map((e: { resource: { resourceType: string } }) => e.resource)
          .filter((r: { resourceType: string }) => r.resourceType === 'Appointment');
        const byRecord = (id: string) =>
          appointments.find((a: { identifier: { value: string }[] }) =>
            a.identifier.some((i) => i.value === id),
          );
        // Paris is UTC+2 in April.
        expect(byRecord(timed.id)).toMatchObject({
          status: 'booked',
          start: '2027-04-20T07:30:00Z',
          end: '2027-04-20T08:30:00Z',
        });
        expect(byRecord(allDay.id)).toMatchObject({
          status: 'booked',
          start: '2027-04-20T22:00:00Z',
          end: '2027-04-21T22:00:00Z',
        });
      } finally {
        await call('PATCH', '/api/clinic', { timeZone: 'UTC' }, world.tokens.adminA);
      }
    });

    it('striking out the assessment that recorded a booking gives the booking back: due, recordable again', async () => {
      const fresh = await createPatient(world, world.tokens.clinicianA);
      const booking = (
        await call('POST', followUps(fresh), { date: now.toISOString().slice(0, 10) })
      ).json();
      const body = { date: booking.date, followUpId: booking.id, satisfaction: 4 };
      const first = (await assess(body, fresh)).json();
      const struck = await call(
        'POST',
        `/api/patients/${fresh}/assessments/${first.id}/entered-in-error`,
        { expectedVersion: 1, reason: 'recorded on the wrong booking' },
      );
      expect(struck.statusCode, struck.body).toBe(200);
      expect(struck.json()).toMatchObject({
        followUpId: booking.id,
        recordStatus: 'entered-in-error',
      });
      const listed = (await call('GET', followUps(fresh))).json().items;
      expect(listed).toEqual([{ ...booking, status: 'due', assessmentId: null }]);
      const fhir = (await call('GET', `/api/patients/${fresh}/fhir`)).json();
      const appointment = fhir.entry
        .map((e: { resource: { resourceType: string } }) => e.resource)
        .find((r: { resourceType: string }) => r.resourceType === 'Appointment');
      expect(appointment).toMatchObject({ status: 'booked' });
      expect(appointment.supportingInformation).toBeUndefined();

      const second = await assess({ ...body, satisfaction: 5 }, fresh);
      expect(second.statusCode, second.body).toBe(201);
      expect((await call('GET', followUps(fresh))).json().items).toEqual([
        { ...booking, status: 'recorded', assessmentId: second.json().id },
      ]);
      // Still once among the assessments that stand.
      await expectRefused(() => assess(body, fresh), 422, 'followUpId');
    });

    it("another clinic's patient is 404; a researcher is refused (403)", async () => {
      expectProblem(await call('POST', followUps(patientB), { date: '2027-04-01' }), 404);
      expectProblem(await call('GET', followUps(patientB)), 404);
      expectProblem(
        await call('POST', followUps(), { date: '2027-04-01' }, world.tokens.researcherA),
        403,
      );
    });
  });
});
