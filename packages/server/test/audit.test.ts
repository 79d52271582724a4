import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditEvent,
  appendAuditRecords,
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  verifyAudit,
} from '../src/audit.js';
import { AuditQueue } from '../src/auditQueue.js';
import { inClinic } from '../src/db/open.js';
import {
  bearer,
  createPatient,
  createPlan,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  PATIENT,
  type World,
} from './helpers.js';

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind);
  });
  afterAll(() => world.close());

  const records = (clinicId: string) =>
    world.storage.db
      .selectFrom('audit_log')
      .select([sql<string>`id::text`.as('id'), 'user_id', 'action', 'resource_id', 'outcome'])
      .where('clinic_id', '=', clinicId)
      .orderBy('audit_log.id')
      .execute();
  const verify = (token = world.tokens.adminA) =>
    world.app.inject({ method: 'GET', url: '/api/audit/verify', headers: bearer(token) });

  describe('audit trail', () => {
    it('the hash is SHA-256 over prev_hash + canonical JSON with sorted keys', () => {
      const record = {
        id: '1',
        at: '2026-01-01T00:00:00.000Z',
        clinicId: 'c',
        userId: null,
        action: 'a',
        resourceType: 'r',
        resourceId: null,
        outcome: 'ok',
      };
      expect(canonicalJson(record)).toBe(
        '{"action":"a","at":"2026-01-01T00:00:00.000Z","clinicId":"c","id":"1","outcome":"ok","resourceId":null,"resourceType":"r","userId":null}',
      );
      expect(chainHash(GENESIS_HASH, record)).toMatch(/^[0-9a-f]{64}$/);
      expect(chainHash(GENESIS_HASH, { ...record, outcome: 'forbidden' })).not.toBe(
        chainHash(GENESIS_HASH, record),
      );
    });

    it('never holds a password, a token or patient data, whatever was sent', async () => {
      await world.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'clinician@a.test', password: 'a wrong password for the audit' },
      });
      const id = await createPatient(world, world.tokens.clinicianA, {
        ...PATIENT,
        familyName: 'Auditfreename',
      });
      await world.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
      });
      const { rows } = await sql<{
        row: string;
      }>`select row_to_json(a)::text as row from audit_log a`.execute(world.storage.db);
      const text = rows.map((r) => r.row).join('\n');
      expect(text).toContain(id); // the capture sees the records
      for (const secret of [
        PASSWORD,
        'a wrong password for the audit',
        world.tokens.clinicianA,
        'Auditfreename',
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('reads, writes and refusals of patient data are recorded with who and the outcome', async () => {
      const before = (await records(world.clinicA)).length;
      const id = await createPatient(world, world.tokens.clinicianA);
      const get = (token: string) =>
        world.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: bearer(token) });
      await get(world.tokens.clinicianA);
      await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { laxityGrade: 1 },
      });
      const planId = await createPlan(world, world.tokens.clinicianA, id);
      await get(world.tokens.researcherA);
      await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { fitzpatrickType: 9 },
      });
      await get(world.tokens.clinicianB); // recorded in clinic B's chain
      const rows = (await records(world.clinicA)).slice(before);
      const users = await world.storage.db.selectFrom('users').select(['id', 'email']).execute();
      const who = (userId: string | null) => users.find((u) => u.id === userId)?.email;
      expect(rows.map((r) => [r.action, who(r.user_id), r.resource_id, r.outcome])).toEqual([
        ['patient.create', 'clinician@a.test', id, 'ok'],
        ['patient.read', 'clinician@a.test', id, 'ok'],
        ['patient.update', 'clinician@a.test', id, 'ok'],
        ['plan.create', 'clinician@a.test', planId, 'ok'],
        ['patient.read', 'researcher@a.test', id, 'forbidden'],
        ['patient.update', 'clinician@a.test', id, 'invalid'],
      ]);
      const inB = await records(world.clinicB);
      expect(inB.at(-1)).toMatchObject({
        action: 'patient.read',
        resource_id: id,
        outcome: 'not-found',
      });
    });

    it('no identifying data or password goes into the audit trail', async () => {
      await createPatient(world, world.tokens.clinicianA);
      const all = JSON.stringify(
        await world.storage.db.selectFrom('audit_log').selectAll().execute(),
      );
      for (const value of [
        PATIENT.givenName,
        PATIENT.familyName,
        PATIENT.birthDate,
        PATIENT.email,
        PATIENT.phone,
        PASSWORD,
      ])
        expect(all).not.toContain(value);
    });

    it('verify: ok with the count; only admins may ask', async () => {
      const response = await verify();
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true, records: (await records(world.clinicA)).length });
      expectProblem(await verify(world.tokens.clinicianA), 403);
      expectProblem(await verify(world.tokens.researcherA), 403);
    });

    it('concurrent requests do not fork the chain', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const before = (await records(world.clinicA)).length;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2
            ? world.app.inject({
                method: 'GET',
                url: `/api/patients/${id}`,
                headers: bearer(world.tokens.clinicianA),
              })
            : world.app.inject({
                method: 'POST',
                url: '/api/patients',
                headers: bearer(world.tokens.clinicianA),
                payload: PATIENT,
              }),
        ),
      );
      expect((await records(world.clinicA)).length).toBe(before + 20);
      expect((await verify()).json()).toMatchObject({ ok: true });
      const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where clinic_id = ${world.clinicA}
      group by prev_hash having count(*) > 1`.execute(world.storage.db);
      expect(rows).toEqual([]);
    });

    it('records chained in the database verify in JavaScript, whatever their text', async () => {
      // audit_append (SQL) computes the hashes, verifyAudit (TypeScript) recomputes them: the
      // two canonical JSONs must agree on quotes, backslashes, control characters, any Unicode.
      const text = fc.string({ unit: 'binary', maxLength: 40 }).map((t) => t.replace(/\0/g, ''));
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ action: text, resourceId: fc.option(text) }), {
            minLength: 1,
            maxLength: 4,
          }),
          async (drawn) => {
            const events: AuditEvent[] = drawn.map((d) => ({
              clinicId: world.clinicA,
              userId: null,
              action: `test.${d.action}`,
              resourceType: 'test',
              resourceId: d.resourceId,
              outcome: 'ok',
            }));
            await appendAuditRecords(world.storage.db, world.clinicA, events);
            const result = await inClinic(world.storage.db, world.clinicA, (tx) =>
              verifyAudit(tx, world.clinicA),
            );
            expect(result.ok).toBe(true);
          },
        ),
        { numRuns: 25, seed: 20261125 },
      );
    });

    it('the queue commits reads that arrive together in shared transactions, each durable before it resolves', async () => {
      const queue = new AuditQueue(world.storage.db);
      const before = (await records(world.clinicA)).length;
      const event: AuditEvent = {
        clinicId: world.clinicA,
        userId: null,
        action: 'test.queued',
        resourceType: 'test',
        resourceId: null,
        outcome: 'ok',
      };
      await Promise.all(Array.from({ length: 40 }, () => queue.append(event)));
      expect((await records(world.clinicA)).length).toBe(before + 40);
      // One statement per batch, one timestamp per statement: fewer batches than records.
      const { rows } = await sql<{ batches: number }>`
        select count(distinct at)::int as batches from audit_log
         where clinic_id = ${world.clinicA} and action = 'test.queued'`.execute(world.storage.db);
      expect(rows[0].batches).toBeLessThan(40);
      expect((await verify()).json()).toMatchObject({ ok: true });
    });

    it('a batch that cannot be committed rejects every waiter in it and writes none of it', async () => {
      const queue = new AuditQueue(world.storage.db);
      const before = (await records(world.clinicA)).length;
      const good: AuditEvent = {
        clinicId: world.clinicA,
        userId: null,
        action: 'test.batch',
        resourceType: 'test',
        resourceId: null,
        outcome: 'ok',
      };
      // Not a user id: the cast in audit_append fails, and with it the whole statement.
      const bad: AuditEvent = { ...good, userId: 'not-a-uuid' };
      const results = await Promise.allSettled([
        queue.append(good),
        queue.append(good),
        queue.append(bad),
        queue.append(good),
      ]);
      // The first is committed alone (nothing was waiting); the other three share a batch.
      expect(results.map((r) => r.status)).toEqual([
        'fulfilled',
        'rejected',
        'rejected',
        'rejected',
      ]);
      expect((await records(world.clinicA)).length).toBe(before + 1);
      expect((await verify()).json()).toMatchObject({ ok: true });
    });

    it('reads of patients arriving together share a statement: each gets its own patient and its own record', async () => {
      const ids = [
        await createPatient(world, world.tokens.clinicianA, { ...PATIENT, familyName: 'Batchone' }),
        await createPatient(world, world.tokens.clinicianA, { ...PATIENT, familyName: 'Batchtwo' }),
      ];
      const inB = await createPatient(world, world.tokens.clinicianB);
      const [first, second] = ids as [string, string];
      const beforeA = (await records(world.clinicA)).length;
      const beforeB = (await records(world.clinicB)).length;
      const get = (token: string, id: string) =>
        world.app.inject({ method: 'GET', url: `/api/patients/${id}`, headers: bearer(token) });
      // Sent at once: clinic A's reads share batches, clinic B's go in its own statement.
      const answers = await Promise.all([
        get(world.tokens.clinicianA, first),
        get(world.tokens.adminA, second),
        get(world.tokens.clinicianA, inB), // another clinic's patient, in the same batch
        get(world.tokens.clinicianA, first.toUpperCase()), // the same id, written in capitals
        get(world.tokens.clinicianB, inB),
        get(world.tokens.clinicianA, second),
      ]);
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 404, 200, 200, 200]);
      expect(answers.map((a) => (a.statusCode === 200 ? a.json().familyName : null))).toEqual([
        'Batchone',
        'Batchtwo',
        null,
        'Batchone',
        PATIENT.familyName,
        'Batchtwo',
      ]);
      const users = await world.storage.db.selectFrom('users').select(['id', 'email']).execute();
      const who = (userId: string | null) => users.find((u) => u.id === userId)?.email;
      const recordsA = (await records(world.clinicA)).slice(beforeA);
      // One record per request, whatever the batching: four reads and one refusal.
      expect(
        recordsA.map((r) => [r.action, who(r.user_id), r.resource_id, r.outcome].join(' ')).sort(),
      ).toEqual(
        [
          `patient.read admin@a.test ${second} ok`,
          `patient.read clinician@a.test ${first} ok`,
          `patient.read clinician@a.test ${first} ok`,
          `patient.read clinician@a.test ${inB} not-found`,
          `patient.read clinician@a.test ${second} ok`,
        ].sort(),
      );
      expect(
        (await records(world.clinicB)).slice(beforeB).map((r) => [r.resource_id, r.outcome]),
      ).toEqual([[inB, 'ok']]);
      expect((await verify()).json()).toMatchObject({ ok: true });
      expect((await verify(world.tokens.adminB)).json()).toMatchObject({ ok: true });
    });

    it('one patient in any spelling of its id is one patient: read, recorded under the one canonical id', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const before = (await records(world.clinicA)).length;
      const spellings = [id, id.toUpperCase(), `${id.slice(0, 9).toUpperCase()}${id.slice(9)}`];
      for (const spelling of spellings) {
        const response = await world.app.inject({
          method: 'GET',
          url: `/api/patients/${spelling}`,
          headers: bearer(world.tokens.clinicianA),
        });
        expect(response.statusCode).toBe(200);
        expect(response.json().id).toBe(id);
      }
      // A form PostgreSQL would take but the API does not: no such patient, and nothing read.
      const braced = await world.app.inject({
        method: 'GET',
        url: `/api/patients/%7B${id}%7D`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(braced.statusCode).toBe(404);
      const added = (await records(world.clinicA)).slice(before);
      expect(added.map((r) => [r.action, r.resource_id, r.outcome])).toEqual([
        ['patient.read', id, 'ok'],
        ['patient.read', id, 'ok'],
        ['patient.read', id, 'ok'],
        ['patient.read', null, 'not-found'],
      ]);
    });

    it('a tampered record is caught, naming it; restored, the chain verifies again', async () => {
      const rows = await records(world.clinicA);
      const victim = rows[Math.floor(rows.length / 2)];
      await sql`update audit_log set outcome = 'ok-ish' where id = ${victim.id}`.execute(
        world.storage.db,
      );
      expect((await verify()).json()).toEqual({ ok: false, firstBrokenId: Number(victim.id) });
      // Clinic B's chain is untouched.
      expect((await verify(world.tokens.adminB)).json()).toMatchObject({ ok: true });
      await sql`update audit_log set outcome = ${victim.outcome} where id = ${victim.id}`.execute(
        world.storage.db,
      );
      expect((await verify()).json()).toMatchObject({ ok: true });
    });

    it('a deleted record and a deleted tail are caught', async () => {
      const rows = await records(world.clinicA);
      const middle = rows[3];
      const next = rows[4];
      const saved = await world.storage.db
        .selectFrom('audit_log')
        .selectAll()
        .where('id', '=', middle.id)
        .executeTakeFirstOrThrow();
      await sql`delete from audit_log where id = ${middle.id}`.execute(world.storage.db);
      expect((await verify()).json()).toEqual({ ok: false, firstBrokenId: Number(next.id) });
      await world.storage.db.insertInto('audit_log').values(saved).execute();
      expect((await verify()).json()).toMatchObject({ ok: true });
      const last = rows.at(-1);
      const current = await records(world.clinicA);
      const tail = current.at(-1);
      expect(tail).toBeDefined();
      await sql`delete from audit_log where id = ${tail?.id}`.execute(world.storage.db);
      expect((await verify()).json()).toMatchObject({ ok: false });
      expect(last).toBeDefined();
    });
  });
});
