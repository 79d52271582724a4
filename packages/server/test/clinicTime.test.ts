import { CANDIDACY_RULES } from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';

/**
 * One clock and the clinic's time zone: "today" for a clinic's records is its day, in its time
 * zone, at the instant given by the server's one clock (pinned here). 23:30 UTC on 10 March 2026
 * is already 11 March in Auckland (UTC+13) and still 10 March in UTC.
 */
const NOW = new Date('2026-03-10T23:30:00Z');
const NO_TO_ALL = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));

onEachDatabase((kind) => {
  let world: World;
  let patientA: string;
  let patientB: string;
  beforeAll(async () => {
    world = await makeWorld(kind, {}, { clock: () => NOW });
    patientA = await createPatient(world, world.tokens.clinicianA);
    patientB = await createPatient(world, world.tokens.clinicianB);
  }, 60_000);
  afterAll(() => world?.close());

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
    world.app.inject({ method, url, headers: bearer(token), payload });

  describe('the clinic time zone', () => {
    it('a new clinic is on UTC, and says what today is by the server clock', async () => {
      const response = await call('GET', '/api/clinic', world.tokens.clinicianA);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ timeZone: 'UTC', today: '2026-03-10' });
    });

    it('an admin sets an IANA time zone; the answer gives the new today', async () => {
      const response = await call('PATCH', '/api/clinic', world.tokens.adminA, {
        timeZone: 'Pacific/Auckland',
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        timeZone: 'Pacific/Auckland',
        today: '2026-03-11',
      });
      const { rows } = await sql<{ action: string; outcome: string }>`
        select action, outcome from audit_log where clinic_id = ${world.clinicA}
        order by id desc limit 1`.execute(world.storage.db);
      expect(rows[0]).toEqual({ action: 'clinic.update', outcome: 'ok' });
    });

    it('an unknown time zone is 422 naming timeZone; a clinician may not set it (403)', async () => {
      for (const timeZone of [
        'Mars/Olympus_Mons',
        'UTC+25',
        '+05:30',
        'Factory',
        '../etc/passwd',
        '',
      ])
        expectProblem(await call('PATCH', '/api/clinic', world.tokens.adminA, { timeZone }), 422);
      const problem = expectProblem(
        await call('PATCH', '/api/clinic', world.tokens.adminA, { timeZone: 'Mars/Olympus' }),
        422,
      );
      expect(problem.errors?.[0]?.field).toBe('timeZone');
      expectProblem(
        await call('PATCH', '/api/clinic', world.tokens.clinicianA, { timeZone: 'UTC' }),
        403,
      );
    });

    it('reading the clinic records nothing (no patient data); setting it does', async () => {
      const count = async () =>
        Number(
          (
            await sql<{ n: string }>`select count(*) as n from audit_log
              where clinic_id = ${world.clinicB}`.execute(world.storage.db)
          ).rows[0]?.n,
        );
      const before = await count();
      expect((await call('GET', '/api/clinic', world.tokens.clinicianB)).statusCode).toBe(200);
      expect(await count()).toBe(before);
    });

    it('a stored zone this server does not know falls back to UTC instead of failing, and an admin can set it right', async () => {
      await sql`update clinics set time_zone = 'Factory' where id = ${world.clinicB}`.execute(
        world.storage.db,
      );
      const read = await call('GET', '/api/clinic', world.tokens.clinicianB);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json().today).toBe('2026-03-10');
      const list = await call('GET', '/api/patients', world.tokens.clinicianB);
      expect(list.statusCode).toBe(200);
      const fixed = await call('PATCH', '/api/clinic', world.tokens.adminB, { timeZone: 'UTC' });
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json()).toMatchObject({ timeZone: 'UTC' });
    });

    it("a record dated the clinic's today is accepted where it is today, refused where it is not yet", async () => {
      const consent = { scope: 'treatment', date: '2026-03-11' };
      const inAuckland = await call(
        'POST',
        `/api/patients/${patientA}/consents`,
        world.tokens.clinicianA,
        consent,
      );
      expect(inAuckland.statusCode, inAuckland.body).toBe(201);
      const inUtc = await call(
        'POST',
        `/api/patients/${patientB}/consents`,
        world.tokens.clinicianB,
        consent,
      );
      const problem = expectProblem(inUtc, 422);
      expect(problem.errors?.[0]).toMatchObject({ field: 'date' });
      expect(problem.detail).toMatch(/2026-03-10/);
    });

    it("a screening without a date is dated the clinic's today", async () => {
      const a = await call(
        'POST',
        `/api/patients/${patientA}/screenings`,
        world.tokens.clinicianA,
        {
          answers: NO_TO_ALL,
        },
      );
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json().date).toBe('2026-03-11');
      const b = await call(
        'POST',
        `/api/patients/${patientB}/screenings`,
        world.tokens.clinicianB,
        {
          answers: NO_TO_ALL,
        },
      );
      expect(b.json().date).toBe('2026-03-10');
    });

    it("a consent withdrawn without a date is withdrawn on the clinic's today", async () => {
      const given = await call(
        'POST',
        `/api/patients/${patientA}/consents`,
        world.tokens.clinicianA,
        {
          scope: 'research',
          date: '2026-03-01',
        },
      );
      const withdrawn = await call(
        'PATCH',
        `/api/patients/${patientA}/consents/${given.json().id}`,
        world.tokens.clinicianA,
        { status: 'withdrawn' },
      );
      expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnDate: '2026-03-11' });
    });

    it('a birth date of the clinic’s today is refused as not in the past', async () => {
      const response = await call('POST', '/api/patients', world.tokens.clinicianA, {
        givenName: 'Ada',
        familyName: 'Born-Today',
        birthDate: '2026-03-11',
        sex: 'female',
        fitzpatrickType: 2,
        laxityGrade: 1,
      });
      expect(expectProblem(response, 422).errors?.[0]).toMatchObject({ field: 'birthDate' });
    });
  });
});
