import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  createPlan,
  expectProblem,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';
import { cleanJpeg } from './photoFixtures.js';

/**
 * The versions of records (migrations 019 and 024, records/versions.ts), attacked: every path
 * that could rewrite, remove or forge a version — the app role's own SQL, bodies built to slip
 * past the schemas, corrections racing each other for real on PostgreSQL, a strike-out racing a
 * record that names the struck-out session — and another clinic's records. Each attack must be
 * refused with a 4xx naming what was wrong (or a database error), and leave the history as it was.
 */

type Kind = 'sessions' | 'assessments' | 'adverse-events' | 'consents' | 'photos';

onEachDatabase((kind) => {
  const onPostgres = it.skipIf(kind === 'pglite');
  let world: World;
  let patient: string;
  let plan: string;
  /** One record of each kind, each at version 1 and current. */
  const records = {} as Record<Kind, string>;

  const send = (method: 'POST' | 'GET', url: string, payload?: unknown, token?: string) =>
    world.app.inject({
      method,
      url,
      headers: bearer(token ?? world.tokens.clinicianA),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const create = async (path: string, payload: unknown) => {
    const response = await send('POST', `/api/patients/${patient}/${path}`, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const session = (date: string) =>
    create('sessions', {
      planId: plan,
      date,
      zones: [{ zoneId: 'submental', coresDelivered: 100 }],
      anaesthesia: 'none',
    });
  const urlOf = (k: Kind, id = records[k]) => `/api/patients/${patient}/${k}/${id}`;
  /** A change each kind accepts. */
  const validChange: Record<Kind, Record<string, unknown>> = {
    sessions: { notes: 'n' },
    assessments: { notes: 'n' },
    'adverse-events': { severity: 'moderate' },
    consents: { date: '2025-01-01' },
    photos: { zoneId: null },
  };

  /** Every stored version, as the owner sees them (RLS hides none). */
  const allVersions = async () =>
    (
      await sql<{ v: unknown }>`
        select to_jsonb(r) as v from record_versions r
        order by record_table, record_id, version`.execute(world.storage.db)
    ).rows;

  /** Raw SQL as the app role (on PGlite: its single user), under clinic A. */
  const asApp = <T>(work: (tx: Kysely<unknown>) => Promise<T>) =>
    (world.appStorage.db as unknown as Kysely<unknown>).transaction().execute(async (tx) => {
      await sql`select set_config('app.clinic_id', ${world.clinicA}, true)`.execute(tx);
      return work(tx);
    });

  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    plan = await createPlan(world, world.tokens.clinicianA, patient);
    records.sessions = await session('2025-01-06');
    records.assessments = await create('assessments', { date: '2025-02-03', satisfaction: 4 });
    records['adverse-events'] = await create('adverse-events', {
      type: 'erythema',
      onsetDate: '2025-01-07',
      severity: 'mild',
      relatedness: 'possible',
    });
    records.consents = await create('consents', { scope: 'photography', date: '2025-01-02' });
    const upload = await world.app.inject({
      method: 'POST',
      url: `/api/patients/${patient}/photos?consentId=${records.consents}&takenDate=2025-01-06`,
      headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
      payload: cleanJpeg(),
    });
    expect(upload.statusCode, upload.body).toBe(201);
    records.photos = upload.json().id;
  }, 60_000);
  afterAll(() => world?.close());

  describe('the app role’s own SQL', () => {
    it('cannot write a version by hand, rewrite or remove one, or create a record at version 2', async () => {
      const before = await allVersions();
      const id = records['adverse-events'];
      const attacks = [
        // A forged "version 2" would sit in the history and block the real one.
        sql`insert into record_versions (clinic_id, patient_id, record_table, record_id, version,
              record_status, change, change_reason, changed_at, record)
            values (${world.clinicA}::uuid, ${patient}::uuid, 'adverse_events', ${id}::uuid, 2,
              'current', 'corrected', 'forged', now(), '{}'::jsonb)`,
        sql`update record_versions set change_reason = 'rewritten'`,
        sql`delete from record_versions`,
        sql`truncate record_versions`,
        sql`delete from adverse_events`,
        // A record born as a correction: a history with no creation.
        sql`insert into adverse_events (clinic_id, patient_id, type, onset_date, severity, relatedness,
              version, change, change_reason)
            values (${world.clinicA}::uuid, ${patient}::uuid, 'erythema', '2025-01-08', 'mild', 'possible',
              2, 'corrected', 'born corrected')`,
      ];
      for (const attack of attacks)
        await expect(asApp((tx) => attack.execute(tx))).rejects.toThrow(
          /written only by the records|kept for ever|created as its version 1|permission denied/,
        );
      expect(await allVersions()).toEqual(before);
    });

    it('a change it makes by hand is stamped with the database’s time, not the one it claims', async () => {
      const id = records['adverse-events'];
      const { rows } = await asApp((tx) =>
        sql<{ changed_at: Date }>`
          update adverse_events set severity = 'moderate', version = version + 1,
            change = 'corrected', change_reason = 'by hand', changed_at = '2001-01-01'
          where id = ${id}::uuid returning changed_at`.execute(tx),
      );
      expect(new Date(rows[0]?.changed_at ?? 0).getUTCFullYear()).toBeGreaterThan(2001);
      const history = (await send('GET', `${urlOf('adverse-events')}/history`)).json().items;
      expect(history.map((v: { changedAt: string }) => v.changedAt.slice(0, 4))).not.toContain(
        '2001',
      );
      // The next correction through the API goes on from the hand-made version.
      const next = await send('POST', `${urlOf('adverse-events')}/corrections`, {
        expectedVersion: 2,
        reason: 'back to mild',
        changes: { severity: 'mild' },
      });
      expect(next.statusCode, next.body).toBe(200);
      expect(next.json()).toMatchObject({ version: 3, severity: 'mild' });
    });
  });

  describe('bodies built to slip past the schemas: 422 naming the field, nothing written', () => {
    const version = (k: Kind) => (k === 'adverse-events' ? 3 : 1);
    const kinds: Kind[] = ['sessions', 'assessments', 'adverse-events', 'consents', 'photos'];
    /** A field of each kind, given a value of the wrong type. */
    const wrongType: Record<Kind, [string, unknown]> = {
      sessions: ['zones', 'submental'],
      assessments: ['lemperleByZone', [2]],
      'adverse-events': ['onsetDate', 20250107],
      consents: ['date', { day: 2 }],
      photos: ['takenDate', true],
    };
    it.each(kinds)('%s', async (k) => {
      const before = await allVersions();
      const url = `${urlOf(k)}/corrections`;
      const cases: [unknown, string][] = [
        // What a correction may never change: who the record is, whose, which version.
        ...['id', 'patientId', 'clinicId', 'version', 'recordStatus', 'createdAt', 'createdBy'].map(
          (field): [unknown, string] => [
            { expectedVersion: version(k), reason: 'r', changes: { [field]: 'x' } },
            `changes.${field}`,
          ],
        ),
        [
          {
            expectedVersion: version(k),
            reason: 'r',
            changes: { [wrongType[k][0]]: wrongType[k][1] },
          },
          `changes.${wrongType[k][0]}`,
        ],
        [{ expectedVersion: version(k), reason: 'r', changes: null }, 'changes'],
        [{ expectedVersion: version(k), reason: 'r', changes: ['notes'] }, 'changes'],
        [{ expectedVersion: version(k), reason: '', changes: validChange[k] }, 'reason'],
        [{ expectedVersion: version(k), reason: 'x'.repeat(100_000), changes: {} }, 'reason'],
        [{ expectedVersion: version(k), reason: 'a\u0000b', changes: {} }, 'reason'],
        [{ expectedVersion: '1', reason: 'r', changes: {} }, 'expectedVersion'],
        [{ expectedVersion: 1.5, reason: 'r', changes: {} }, 'expectedVersion'],
        [{ expectedVersion: 0, reason: 'r', changes: {} }, 'expectedVersion'],
        [{ expectedVersion: 2 ** 31, reason: 'r', changes: {} }, 'expectedVersion'],
      ];
      for (const [body, field] of cases) {
        const problem = expectProblem(await send('POST', url, body), 422);
        expect(
          problem.errors?.map((e) => e.field),
          JSON.stringify(body).slice(0, 200),
        ).toContain(field);
      }
      for (const body of [
        { expectedVersion: version(k), reason: '\u0000' },
        { expectedVersion: version(k), reason: ' '.repeat(10) },
        { expectedVersion: version(k), reason: 'é'.repeat(1001) },
      ]) {
        const problem = expectProblem(
          await send('POST', `${urlOf(k)}/entered-in-error`, body),
          422,
        );
        expect(problem.errors?.map((e) => e.field)).toContain('reason');
      }
      expect(await allVersions()).toEqual(before);
    });
  });

  describe('a struck-out record and another clinic’s record', () => {
    it('a struck-out record of each kind takes no correction and no second strike-out (409)', async () => {
      const struck = {
        sessions: await session('2025-03-03'),
        'adverse-events': await create('adverse-events', {
          type: 'oedema',
          onsetDate: '2025-03-04',
          severity: 'mild',
          relatedness: 'possible',
        }),
        assessments: await create('assessments', { date: '2025-03-05', satisfaction: 3 }),
        consents: await create('consents', { scope: 'research', date: '2025-03-03' }),
      };
      for (const [k, id] of Object.entries(struck) as [Kind, string][]) {
        const strike = await send('POST', `${urlOf(k, id)}/entered-in-error`, {
          expectedVersion: 1,
          reason: 'wrong patient',
        });
        expect(strike.statusCode, strike.body).toBe(200);
        const before = await allVersions();
        const again = expectProblem(
          await send('POST', `${urlOf(k, id)}/corrections`, {
            expectedVersion: 2,
            reason: 'revive',
            changes: validChange[k],
          }),
          409,
        );
        expect(again.code).toBe('entered-in-error');
        expectProblem(
          await send('POST', `${urlOf(k, id)}/entered-in-error`, {
            expectedVersion: 2,
            reason: 'twice',
          }),
          409,
        );
        expect(await allVersions()).toEqual(before);
      }
    });

    it('another clinic’s record answers exactly as a record that does not exist (404), for every kind', async () => {
      const before = await allVersions();
      const unknown = '00000000-0000-4000-8000-000000000000';
      const strip = (body: Record<string, unknown>) => {
        const { instance: _i, ...rest } = body;
        return rest;
      };
      for (const k of Object.keys(records) as Kind[]) {
        for (const [path, method, body] of [
          ['corrections', 'POST', { expectedVersion: 1, reason: 'r', changes: validChange[k] }],
          ['entered-in-error', 'POST', { expectedVersion: 1, reason: 'r' }],
          ['history', 'GET', undefined],
        ] as const) {
          const theirs = await send(method, `${urlOf(k)}/${path}`, body, world.tokens.clinicianB);
          const none = await send(
            method,
            `${urlOf(k, unknown)}/${path}`,
            body,
            world.tokens.clinicianB,
          );
          expect(theirs.statusCode, `${k} ${path}`).toBe(404);
          expect(strip(theirs.json())).toEqual(strip(none.json()));
          expect(JSON.stringify(strip(theirs.json()))).not.toContain(records[k]);
        }
      }
      expect(await allVersions()).toEqual(before);
    });
  });

  describe('races, for real on PostgreSQL', () => {
    /**
     * Hold the record's row lock in another transaction while `requests` start, wait until each
     * is waiting for it inside the database (so they truly overlap), then let go.
     */
    const racing = async (table: string, id: string, requests: () => Promise<unknown>[]) => {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = world.storage.db.transaction().execute(async (tx) => {
        await sql`select id from ${sql.table(table)} where id = ${id}::uuid for update`.execute(tx);
        locked();
        await released;
      });
      await isLocked;
      const started = requests();
      try {
        await waitForLockWaiters(started.length);
      } finally {
        release();
        await holder;
      }
      return Promise.all(started);
    };
    const waitForLockWaiters = async (count: number) => {
      for (let tries = 0; tries < 400; tries++) {
        // pg_locks, not pg_stat_activity's wait events, which the owner may not see for another
        // role's sessions (their pids and databases it does see).
        const { rows } = await sql<{ n: number }>`
          select count(distinct pid)::int as n from pg_locks
          where not granted
            and pid in (select pid from pg_stat_activity where datname = current_database())`.execute(
          world.storage.db,
        );
        if ((rows[0]?.n ?? 0) >= count) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`${count} requests never waited on the row lock together`);
    };

    onPostgres('two corrections from the same version: exactly one 200 and one 409', async () => {
      const id = await create('adverse-events', {
        type: 'erythema',
        onsetDate: '2025-04-01',
        severity: 'mild',
        relatedness: 'possible',
      });
      const correction = (severity: string) =>
        send('POST', `${urlOf('adverse-events', id)}/corrections`, {
          expectedVersion: 1,
          reason: `it was ${severity}`,
          changes: { severity },
        });
      const answers = (await racing('adverse_events', id, () => [
        correction('moderate'),
        correction('severe'),
      ])) as { statusCode: number; json(): { code?: string } }[];
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.statusCode === 409)?.json().code).toBe('version-conflict');
      const history = (await send('GET', `${urlOf('adverse-events', id)}/history`)).json().items;
      expect(history.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    });

    onPostgres('a correction racing a strike-out: one wins, the other is 409', async () => {
      const id = await create('adverse-events', {
        type: 'erythema',
        onsetDate: '2025-04-02',
        severity: 'mild',
        relatedness: 'possible',
      });
      const url = urlOf('adverse-events', id);
      const answers = (await racing('adverse_events', id, () => [
        send('POST', `${url}/corrections`, {
          expectedVersion: 1,
          reason: 'moderate',
          changes: { severity: 'moderate' },
        }),
        send('POST', `${url}/entered-in-error`, { expectedVersion: 1, reason: 'wrong patient' }),
      ])) as { statusCode: number }[];
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
      const history = (await send('GET', `${url}/history`)).json().items;
      expect(history).toHaveLength(2);
    });

    onPostgres(
      'a follow-up naming a session being struck out waits, then is refused (no current record names a struck-out session)',
      async () => {
        const id = await session('2025-04-07');
        let release = () => {};
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        let struck = () => {};
        const isStruck = new Promise<void>((resolve) => {
          struck = resolve;
        });
        // A strike-out in progress: checked that nothing names the session, not yet committed.
        const strikeOut = world.storage.db.transaction().execute(async (tx) => {
          await sql`
            update treatment_sessions set version = version + 1, record_status = 'entered-in-error',
              change = 'entered-in-error', change_reason = 'wrong patient'
            where id = ${id}::uuid`.execute(tx);
          struck();
          await released;
        });
        await isStruck;
        const followUp = send('POST', `/api/patients/${patient}/assessments`, {
          date: '2025-05-05',
          sessionId: id,
          satisfaction: 4,
        });
        let answered = false;
        void followUp.then(() => {
          answered = true;
        });
        await waitForLockWaiters(1).catch(() => {});
        expect(answered, 'the follow-up did not wait for the strike-out').toBe(false);
        release();
        await strikeOut;
        const problem = expectProblem(await followUp, 422);
        expect(problem.errors?.map((e) => e.field)).toEqual(['sessionId']);
      },
    );
  });
});
