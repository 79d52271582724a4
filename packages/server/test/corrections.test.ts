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
  patientWithPlan,
  requester,
  type World,
} from './helpers.js';
import { cleanJpeg } from './photoFixtures.js';

/**
 * Corrections (docs/server.md "Corrections"), on both databases: each kind of record can be
 * corrected and struck out with a reason; every version stays readable, unchanged, in its
 * history, and the database itself refuses to change or delete one; the statistics, the research
 * pool and the FHIR export read only the records that stand; bad input is a 4xx naming the field
 * and saves nothing; another clinic's record is 404; a researcher is 403.
 */

interface Version {
  version: number;
  recordStatus: string;
  change: string;
  reason: string | null;
  changedBy: string | null;
  changedAt: string;
  record: Record<string, unknown>;
}

onEachDatabase((kind) => {
  let world: World;
  let patient: string;
  let plan: string;
  let clinicianA: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    ({ patient, plan } = await patientWithPlan(world)); // zones: submental
    const me = await world.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: bearer(world.tokens.clinicianA),
    });
    clinicianA = me.json().id;
  }, 60_000);
  afterAll(() => world?.close());

  const send = requester(() => world);

  const created = async (url: string, payload: unknown, of = patient) => {
    const response = await send('POST', `/api/patients/${of}/${url}`, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Record<string, unknown> & { id: string; version: number };
  };

  const history = async (path: string) => {
    const response = await send('GET', `/api/patients/${patient}/${path}/history`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Version[] }).items;
  };

  /** Every stored version, read as the owner (RLS hides none). */
  const storedVersions = async () =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from record_versions`.execute(
          world.storage.db,
        )
      ).rows[0]?.n,
    );

  /** The record JSON without what a version changes (to compare an old version with the new). */
  const withoutVersion = ({ version, recordStatus, updatedAt, ...rest }: Record<string, unknown>) =>
    rest;

  describe('a treatment session', () => {
    it('is corrected: a new version; the first stays in its history unchanged, with who, when and why', async () => {
      const first = await created('sessions', {
        planId: plan,
        date: '2025-01-06',
        zones: [{ zoneId: 'submental', coresDelivered: 120 }],
        anaesthesia: 'topical',
        notes: 'as planned',
      });
      const { warnings, ...original } = first;
      expect(original).toMatchObject({ version: 1, recordStatus: 'current' });

      const corrected = await send(
        'POST',
        `/api/patients/${patient}/sessions/${first.id}/corrections`,
        {
          expectedVersion: 1,
          reason: 'cores miscounted: 102, not 120',
          changes: { zones: [{ zoneId: 'submental', coresDelivered: 102 }], notes: null },
        },
      );
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.json()).toMatchObject({
        id: first.id,
        version: 2,
        recordStatus: 'current',
        zones: [{ zoneId: 'submental', coresDelivered: 102 }],
        notes: null,
        date: '2025-01-06',
        anaesthesia: 'topical',
      });

      const listed = await send('GET', `/api/patients/${patient}/sessions`);
      expect(listed.json().items).toContainEqual(corrected.json());

      const versions = await history(`sessions/${first.id}`);
      expect(versions.map((v) => [v.version, v.change, v.reason])).toEqual([
        [1, 'created', null],
        [2, 'corrected', 'cores miscounted: 102, not 120'],
      ]);
      expect(versions[0]?.record).toEqual(original);
      expect(versions[1]?.record).toEqual(corrected.json());
      expect(versions.map((v) => v.changedBy)).toEqual([clinicianA, clinicianA]);

      // The audit trail names the correction and the record; the version it made holds why.
      const audit = await world.storage.db
        .selectFrom('audit_log')
        .select(['action', 'resource_type', 'resource_id', 'user_id', 'outcome'])
        .where('resource_id', '=', first.id)
        .orderBy('id')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'session.create',
        'session.correct',
        'session.history',
      ]);
      expect(audit[1]).toMatchObject({
        resource_type: 'treatment-session',
        user_id: clinicianA,
        outcome: 'ok',
      });
    });

    it('is struck out with a reason: kept and listed as entered in error, then takes no change', async () => {
      const session = await created('sessions', {
        planId: plan,
        date: '2025-03-03',
        zones: [{ zoneId: 'submental', coresDelivered: 90 }],
        anaesthesia: 'none',
      });
      const url = `/api/patients/${patient}/sessions/${session.id}`;
      const struck = await send('POST', `${url}/entered-in-error`, {
        expectedVersion: 1,
        reason: 'recorded on the wrong patient',
      });
      expect(struck.statusCode, struck.body).toBe(200);
      expect(struck.json()).toMatchObject({ version: 2, recordStatus: 'entered-in-error' });
      const listed = (await send('GET', `/api/patients/${patient}/sessions`)).json().items;
      expect(listed.find((s: { id: string }) => s.id === session.id)).toEqual(struck.json());

      const before = await storedVersions();
      const again = expectProblem(
        await send('POST', `${url}/corrections`, {
          expectedVersion: 2,
          reason: 'x',
          changes: { notes: 'y' },
        }),
        409,
      );
      expect(again.code).toBe('entered-in-error');
      expectProblem(
        await send('POST', `${url}/entered-in-error`, { expectedVersion: 2, reason: 'again' }),
        409,
      );
      // A follow-up cannot name it any more.
      const followUp = expectProblem(
        await send('POST', `/api/patients/${patient}/assessments`, {
          date: '2025-04-01',
          sessionId: session.id,
          satisfaction: 4,
        }),
        422,
      );
      expect(followUp.errors?.map((e) => e.field)).toEqual(['sessionId']);
      expect(await storedVersions()).toBe(before);
      const versions = await history(`sessions/${session.id}`);
      expect(versions.map((v) => [v.change, v.recordStatus, v.reason])).toEqual([
        ['created', 'current', null],
        ['entered-in-error', 'entered-in-error', 'recorded on the wrong patient'],
      ]);
      const { warnings: _, ...recorded } = session;
      expect(withoutVersion(versions[1]?.record ?? {})).toEqual(withoutVersion(recorded));
    });

    it('a correction passes the creation checks: a zone not in the plan, a date after its follow-up', async () => {
      const session = await created('sessions', {
        planId: plan,
        date: '2025-05-05',
        zones: [{ zoneId: 'submental', coresDelivered: 80 }],
        anaesthesia: 'none',
      });
      await created('assessments', {
        date: '2025-06-02',
        sessionId: session.id,
        lemperleByZone: { 'cheek-left': 2 },
      });
      const url = `/api/patients/${patient}/sessions/${session.id}/corrections`;
      const before = await storedVersions();
      const zone = expectProblem(
        await send('POST', url, {
          expectedVersion: 1,
          reason: 'zone',
          changes: { zones: [{ zoneId: 'cheek-left', coresDelivered: 80 }] },
        }),
        422,
      );
      expect(zone.errors?.map((e) => e.field)).toEqual(['changes.zones[0].zoneId']);
      const late = expectProblem(
        await send('POST', url, {
          expectedVersion: 1,
          reason: 'date',
          changes: { date: '2025-06-09' },
        }),
        422,
      );
      expect(late.errors?.map((e) => e.field)).toEqual(['changes.date']);
      // Striking out a session its follow-up names would leave the follow-up dangling.
      expectProblem(
        await send('POST', `/api/patients/${patient}/sessions/${session.id}/entered-in-error`, {
          expectedVersion: 1,
          reason: 'no',
        }),
        409,
      );
      expect(await storedVersions()).toBe(before);
    });
  });

  describe('an assessment', () => {
    it('is corrected as at creation (not before its session) and its history keeps each version', async () => {
      const session = await created('sessions', {
        planId: plan,
        date: '2025-07-07',
        zones: [{ zoneId: 'submental', coresDelivered: 60 }],
        anaesthesia: 'none',
      });
      const assessment = await created('assessments', {
        date: '2025-08-04',
        sessionId: session.id,
        lemperleByZone: { submental: 3 },
        gaisInvestigator: 2,
      });
      const url = `/api/patients/${patient}/assessments/${assessment.id}`;
      const before = await storedVersions();
      const early = expectProblem(
        await send('POST', `${url}/corrections`, {
          expectedVersion: 1,
          reason: 'typo',
          changes: { date: '2025-07-01' },
        }),
        422,
      );
      expect(early.errors).toEqual([
        { field: 'changes.date', message: 'is before the session it follows up (2025-07-07)' },
      ]);
      const future = expectProblem(
        await send('POST', `${url}/corrections`, {
          expectedVersion: 1,
          reason: 'typo',
          changes: { date: '2999-01-01' },
        }),
        422,
      );
      expect(future.errors?.map((e) => e.field)).toEqual(['changes.date']);
      expect(await storedVersions()).toBe(before);

      const corrected = await send('POST', `${url}/corrections`, {
        expectedVersion: 1,
        reason: 'grade read from the wrong photo',
        changes: { lemperleByZone: { submental: 2 }, satisfaction: 4 },
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.json()).toMatchObject({
        version: 2,
        lemperleByZone: { submental: 2 },
        gaisInvestigator: 2,
        satisfaction: 4,
      });
      const versions = await history(`assessments/${assessment.id}`);
      expect(versions.map((v) => v.record)).toEqual([assessment, corrected.json()]);
    });
  });

  describe('an adverse event', () => {
    it('resolving and reopening are versions too: no resolution date is lost', async () => {
      const event = await created('adverse-events', {
        type: 'erythema',
        onsetDate: '2025-02-01',
        severity: 'mild',
        relatedness: 'probable',
      });
      const url = `/api/patients/${patient}/adverse-events/${event.id}`;
      const resolved = await send('PATCH', url, { resolutionDate: '2025-02-04' });
      expect(resolved.json()).toMatchObject({ version: 2, resolutionDate: '2025-02-04' });
      const reopened = await send('PATCH', url, { resolutionDate: null });
      expect(reopened.json()).toMatchObject({ version: 3, resolutionDate: null });
      const stale = expectProblem(
        await send('POST', `${url}/corrections`, {
          expectedVersion: 2,
          reason: 'severity',
          changes: { severity: 'moderate' },
        }),
        409,
      );
      expect(stale.code).toBe('version-conflict');
      expect(stale.detail).toMatch(/reload/);
      const corrected = await send('POST', `${url}/corrections`, {
        expectedVersion: 3,
        reason: 'it was moderate',
        changes: { severity: 'moderate' },
      });
      expect(corrected.statusCode, corrected.body).toBe(200);
      const versions = await history(`adverse-events/${event.id}`);
      expect(versions.map((v) => [v.change, v.record.resolutionDate, v.record.severity])).toEqual([
        ['created', null, 'mild'],
        ['resolved', '2025-02-04', 'mild'],
        ['reopened', null, 'mild'],
        ['corrected', null, 'moderate'],
      ]);
      const struck = await send('POST', `${url}/entered-in-error`, {
        expectedVersion: 4,
        reason: 'duplicate of another entry',
      });
      expect(struck.json()).toMatchObject({ version: 5, recordStatus: 'entered-in-error' });
      expectProblem(await send('PATCH', url, { resolutionDate: '2025-02-05' }), 409);
      expect(await history(`adverse-events/${event.id}`)).toHaveLength(5);
    });
  });

  describe('consents and photos', () => {
    it('withdrawal keeps the active version; a photo is corrected (details only) and struck out; then its consent', async () => {
      const research = await created('consents', { scope: 'research', date: '2025-01-02' });
      const withdrawn = await send('PATCH', `/api/patients/${patient}/consents/${research.id}`, {
        status: 'withdrawn',
        withdrawnDate: '2025-06-01',
      });
      expect(withdrawn.json()).toMatchObject({ version: 2, status: 'withdrawn' });
      const late = expectProblem(
        await send('POST', `/api/patients/${patient}/consents/${research.id}/corrections`, {
          expectedVersion: 2,
          reason: 'date',
          changes: { date: '2025-07-01' },
        }),
        422,
      );
      expect(late.errors?.map((e) => e.field)).toEqual(['changes.date']);
      const versions = await history(`consents/${research.id}`);
      expect(versions.map((v) => [v.change, v.record.status])).toEqual([
        ['created', 'active'],
        ['withdrawn', 'withdrawn'],
      ]);
      expect(versions[0]?.record).toEqual(research);

      const photography = await created('consents', { scope: 'photography', date: '2025-01-02' });
      const upload = await world.app.inject({
        method: 'POST',
        url: `/api/patients/${patient}/photos?consentId=${photography.id}&takenDate=2025-03-03`,
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
        payload: cleanJpeg(),
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const photo = upload.json();
      const photoUrl = `/api/patients/${patient}/photos/${photo.id}`;
      const before = await storedVersions();
      const badZone = expectProblem(
        await send('POST', `${photoUrl}/corrections`, {
          expectedVersion: 1,
          reason: 'zone',
          changes: { zoneId: 'elbow' },
        }),
        422,
      );
      expect(badZone.errors?.map((e) => e.field)).toEqual(['changes.zoneId']);
      const bytesChange = expectProblem(
        await send('POST', `${photoUrl}/corrections`, {
          expectedVersion: 1,
          reason: 'image',
          changes: { sha256: 'a'.repeat(64) },
        }),
        422,
      );
      expect(bytesChange.errors?.map((e) => e.field)).toContain('changes.sha256');
      expect(await storedVersions()).toBe(before);
      const corrected = await send('POST', `${photoUrl}/corrections`, {
        expectedVersion: 1,
        reason: 'taken the day before, of the submental zone',
        changes: { takenDate: '2025-03-02', zoneId: 'submental' },
      });
      expect(corrected.json()).toMatchObject({
        version: 2,
        takenDate: '2025-03-02',
        zoneId: 'submental',
        sha256: photo.sha256,
      });
      // The consent photos were taken under is not struck out, nor its scope changed, while they stand.
      expectProblem(
        await send('POST', `/api/patients/${patient}/consents/${photography.id}/entered-in-error`, {
          expectedVersion: 1,
          reason: 'x',
        }),
        409,
      );
      const scope = expectProblem(
        await send('POST', `/api/patients/${patient}/consents/${photography.id}/corrections`, {
          expectedVersion: 1,
          reason: 'x',
          changes: { scope: 'treatment' },
        }),
        422,
      );
      expect(scope.errors?.map((e) => e.field)).toEqual(['changes.scope']);
      const struckPhoto = await send('POST', `${photoUrl}/entered-in-error`, {
        expectedVersion: 2,
        reason: 'another patient’s photo',
      });
      expect(struckPhoto.json()).toMatchObject({ version: 3, recordStatus: 'entered-in-error' });
      // The image is still there, byte for byte, for the record.
      const bytes = await send('GET', photoUrl);
      expect(bytes.statusCode).toBe(200);
      expect(bytes.rawPayload.equals(cleanJpeg())).toBe(true);
      const struckConsent = await send(
        'POST',
        `/api/patients/${patient}/consents/${photography.id}/entered-in-error`,
        { expectedVersion: 1, reason: 'signed by someone else' },
      );
      expect(struckConsent.statusCode, struckConsent.body).toBe(200);
      // A struck-out consent admits no photo, and no longer blocks recording the right one.
      const refused = await world.app.inject({
        method: 'POST',
        url: `/api/patients/${patient}/photos?consentId=${photography.id}&takenDate=2025-03-03`,
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
        payload: cleanJpeg(),
      });
      expect(expectProblem(refused, 422).errors?.map((e) => e.field)).toEqual(['consentId']);
      await created('consents', { scope: 'photography', date: '2025-01-03' });
      expect((await history(`photos/${photo.id}`)).map((v) => v.record.takenDate)).toEqual([
        '2025-03-03',
        '2025-03-02',
        '2025-03-02',
      ]);
    });
  });

  describe('bad input saves nothing', () => {
    let event: { id: string };
    let url: string;
    beforeAll(async () => {
      event = await created('adverse-events', {
        type: 'bruising',
        onsetDate: '2025-02-10',
        severity: 'mild',
        relatedness: 'possible',
      });
      url = `/api/patients/${patient}/adverse-events/${event.id}`;
    });

    it.each([
      ['a missing reason', { expectedVersion: 1, changes: { severity: 'severe' } }, 'reason'],
      [
        'an empty reason',
        { expectedVersion: 1, reason: '  ', changes: { severity: 'severe' } },
        'reason',
      ],
      [
        'a reason over 1000 characters',
        { expectedVersion: 1, reason: 'x'.repeat(1001), changes: { severity: 'severe' } },
        'reason',
      ],
      ['no version', { reason: 'r', changes: { severity: 'severe' } }, 'expectedVersion'],
      [
        'an unknown field',
        { expectedVersion: 1, reason: 'r', changes: { colour: 'red' } },
        'changes.colour',
      ],
      ['no change', { expectedVersion: 1, reason: 'r', changes: {} }, 'changes'],
      [
        'an invalid change',
        { expectedVersion: 1, reason: 'r', changes: { severity: 'awful' } },
        'changes.severity',
      ],
      [
        'a cross-field rule',
        { expectedVersion: 1, reason: 'r', changes: { type: 'other' } },
        'changes.description',
      ],
      [
        'a resolution before onset',
        { expectedVersion: 1, reason: 'r', changes: { resolutionDate: '2025-02-01' } },
        'changes.resolutionDate',
      ],
      [
        'an unknown top-level field',
        { expectedVersion: 1, reason: 'r', changes: { severity: 'severe' }, force: true },
        'force',
      ],
    ])('%s → 422 naming it', async (_name, body, field) => {
      const before = await storedVersions();
      const problem = expectProblem(await send('POST', `${url}/corrections`, body), 422);
      expect(problem.errors?.map((e) => e.field)).toContain(field);
      expect(await storedVersions()).toBe(before);
      expect(
        (await send('GET', `/api/patients/${patient}/adverse-events`)).json().items,
      ).toContainEqual(expect.objectContaining({ id: event.id, version: 1, severity: 'mild' }));
    });

    it('a strike-out needs a reason and the version', async () => {
      const before = await storedVersions();
      const problem = expectProblem(await send('POST', `${url}/entered-in-error`, {}), 422);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(['expectedVersion', 'reason']);
      expect(await storedVersions()).toBe(before);
    });

    it('two corrections at once: one wins, the other is 409 (reload) and writes nothing', async () => {
      const before = await storedVersions();
      const [a, b] = await Promise.all(
        ['moderate', 'severe'].map((severity) =>
          send('POST', `${url}/corrections`, {
            expectedVersion: 1,
            reason: `it was ${severity}`,
            changes: { severity },
          }),
        ),
      );
      const codes = [a?.statusCode, b?.statusCode].sort();
      expect(codes).toEqual([200, 409]);
      const loser = [a, b].find((r) => r?.statusCode === 409);
      expect(loser?.json().code).toBe('version-conflict');
      expect(await storedVersions()).toBe(before + 1);
      expect((await history(`adverse-events/${event.id}`)).map((v) => v.version)).toEqual([1, 2]);
    });

    it('another clinic’s record is 404; a researcher is 403; an unknown record is 404', async () => {
      const before = await storedVersions();
      const body = { expectedVersion: 2, reason: 'r', changes: { severity: 'mild' } };
      for (const [path, payload] of [
        ['corrections', body],
        ['entered-in-error', { expectedVersion: 2, reason: 'r' }],
      ] as const) {
        expectProblem(await send('POST', `${url}/${path}`, payload, world.tokens.clinicianB), 404);
        expectProblem(await send('POST', `${url}/${path}`, payload, world.tokens.adminB), 404);
        expectProblem(await send('POST', `${url}/${path}`, payload, world.tokens.researcherA), 403);
      }
      expectProblem(await send('GET', `${url}/history`, undefined, world.tokens.clinicianB), 404);
      expectProblem(await send('GET', `${url}/history`, undefined, world.tokens.researcherA), 403);
      const unknown = `/api/patients/${patient}/adverse-events/00000000-0000-4000-8000-000000000000`;
      expectProblem(await send('POST', `${unknown}/corrections`, body), 404);
      expectProblem(await send('GET', `${unknown}/history`), 404);
      // Another patient's record, under this patient: 404 too.
      const other = await createPatient(world, world.tokens.clinicianA, {
        ...PATIENT,
        givenName: 'Grace',
      });
      expectProblem(
        await send('POST', `/api/patients/${other}/adverse-events/${event.id}/corrections`, body),
        404,
      );
      expect(await storedVersions()).toBe(before);
    });
  });

  describe('the database keeps every version', () => {
    it('refuses UPDATE, DELETE and TRUNCATE of a version, and DELETE of a record, even by the owner', async () => {
      const db = world.storage.db;
      const before = await sql<{ record: unknown }>`
        select record from record_versions order by record_id, version`.execute(db);
      expect(before.rows.length).toBeGreaterThan(10);
      for (const statement of [
        sql`update record_versions set change_reason = 'rewritten'`,
        sql`update record_versions set record = '{}'::jsonb where version = 1`,
        sql`delete from record_versions`,
        sql`truncate record_versions`,
        sql`delete from treatment_sessions`,
        sql`delete from adverse_events`,
        sql`truncate photos cascade`,
      ])
        await expect(statement.execute(db)).rejects.toThrow(/kept for ever/);
      const after = await sql<{ record: unknown }>`
        select record from record_versions order by record_id, version`.execute(db);
      expect(after.rows).toEqual(before.rows);
    });

    it('refuses a change that is not the next version, a change of a struck-out record, a new image', async () => {
      const db = world.storage.db;
      const quietly = sql`
        update treatment_sessions set notes = 'quietly' where record_status = 'current'`;
      await expect(quietly.execute(db)).rejects.toThrow(/a change must be version/);
      const revived = sql`
        update treatment_sessions set notes = 'revived', version = version + 1,
          change = 'corrected', change_reason = 'r'
        where record_status = 'entered-in-error'`;
      await expect(revived.execute(db)).rejects.toThrow(/entered in error/);
      const moved = sql`
        update adverse_events set patient_id = ${await createPatient(world, world.tokens.clinicianA)},
          version = version + 1, change = 'corrected', change_reason = 'r'
        where record_status = 'current'`;
      await expect(moved.execute(db)).rejects.toThrow(/patient_id never changes/);
      const consent = await created(
        'consents',
        { scope: 'photography', date: '2025-01-02' },
        await createPatient(world, world.tokens.clinicianA),
      );
      const upload = await world.app.inject({
        method: 'POST',
        url: `/api/patients/${consent.patientId}/photos?consentId=${consent.id}&takenDate=2025-03-03`,
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'image/jpeg' },
        payload: cleanJpeg(),
      });
      expect(upload.statusCode, upload.body).toBe(201);
      const image = sql`
        update photos set bytes = '\\x00'::bytea, version = version + 1, change = 'corrected',
          change_reason = 'r'
        where id = ${upload.json().id}::uuid`;
      await expect(image.execute(db)).rejects.toThrow(/the image never changes|sha256|byte_length/);
    });
  });

  describe('statistics, the research pool and FHIR read only what stands', () => {
    it('a struck-out session and adverse event leave the evidence, the pool and the FHIR bundle', async () => {
      const p = await createPatient(world, world.tokens.clinicianA, {
        ...PATIENT,
        givenName: 'Mary',
      });
      const pPlan = await createPlan(world, world.tokens.clinicianA, p);
      const research = await created('consents', { scope: 'research', date: '2025-01-02' }, p);
      const evidence = async () => {
        const response = await send('GET', '/api/evidence/summary', undefined, world.tokens.adminA);
        expect(response.statusCode, response.body).toBe(200);
        const body = response.json();
        const any = body.strata[0].adverseEvents.find((e: { type: string }) => e.type === 'any');
        return { treated: body.patientsTreated as number, events: any.events as number };
      };
      const pool = async () =>
        (
          await sql<{ sessions: unknown[]; adverse_events: unknown[] }>`
            select sessions, adverse_events from research_pool('2999-12-31'::date, true)
            where patient_id = ${p}::uuid`.execute(world.storage.db)
        ).rows;
      const fhir = async () => {
        const response = await send('GET', `/api/patients/${p}/fhir`);
        expect(response.statusCode).toBe(200);
        const types = (response.json().entry as { resource: { resourceType: string } }[]).map(
          (e) => e.resource.resourceType,
        );
        return {
          procedures: types.filter((t) => t === 'Procedure').length,
          events: types.filter((t) => t === 'AdverseEvent').length,
          text: response.body,
        };
      };

      const base = await evidence();
      const session = await created(
        'sessions',
        {
          planId: pPlan,
          date: '2025-02-03',
          zones: [{ zoneId: 'submental', coresDelivered: 50 }],
          anaesthesia: 'none',
        },
        p,
      );
      const event = await created(
        'adverse-events',
        { type: 'oedema', onsetDate: '2025-02-04', severity: 'mild', relatedness: 'probable' },
        p,
      );
      expect(await evidence()).toEqual({ treated: base.treated + 1, events: base.events + 1 });
      expect((await pool()).map((r) => [r.sessions.length, r.adverse_events.length])).toEqual([
        [1, 1],
      ]);
      expect(await fhir()).toMatchObject({ procedures: 1, events: 1 });

      const strike = (path: string, id: string) =>
        send('POST', `/api/patients/${p}/${path}/${id}/entered-in-error`, {
          expectedVersion: 1,
          reason: 'entered in error',
        });
      expect((await strike('adverse-events', event.id)).statusCode).toBe(200);
      expect(await evidence()).toEqual({ treated: base.treated + 1, events: base.events });
      expect((await strike('sessions', session.id)).statusCode).toBe(200);
      expect(await evidence()).toEqual(base);
      expect((await pool()).map((r) => [r.sessions.length, r.adverse_events.length])).toEqual([
        [0, 0],
      ]);
      const bundle = await fhir();
      expect(bundle).toMatchObject({ procedures: 0, events: 0 });
      expect(bundle.text).not.toContain(session.id);
      expect(bundle.text).not.toContain(event.id);

      // A correction is counted as it now reads.
      const again = await created(
        'sessions',
        {
          planId: pPlan,
          date: '2025-04-07',
          zones: [{ zoneId: 'submental', coresDelivered: 50 }],
          anaesthesia: 'none',
        },
        p,
      );
      await send('POST', `/api/patients/${p}/sessions/${again.id}/corrections`, {
        expectedVersion: 1,
        reason: 'nerve block, not none',
        changes: { anaesthesia: 'nerve-block' },
      });
      const [pooled] = await pool();
      expect(pooled?.sessions).toEqual([expect.objectContaining({ anaesthesia: 'nerve-block' })]);

      // A research consent struck out takes the patient out of the pool.
      expect((await strike('consents', research.id)).statusCode).toBe(200);
      expect(await pool()).toEqual([]);
    });
  });

  it('documents the new routes with operationIds', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ids = Object.values(
      document.paths as Record<string, Record<string, { operationId: string }>>,
    ).flatMap((path) => Object.values(path).map((op) => op.operationId));
    for (const one of ['Session', 'Assessment', 'AdverseEvent', 'Consent', 'Photo'])
      expect(ids).toEqual(
        expect.arrayContaining([`correct${one}`, `strikeOut${one}`, `get${one}History`]),
      );
  });
});
