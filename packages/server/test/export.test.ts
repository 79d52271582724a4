import type { Bundle, Resource } from '@medplum/fhirtypes';
import {
  ageBand,
  CANDIDACY_RULES,
  type EvidenceJourney,
  pseudonymOf,
  summarizeEvidence,
} from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirErrors } from '../../core/test/fhirValidator.js';
import { buildApp } from '../src/app.js';
import { ConfigError, configFromEnv } from '../src/config.js';
import {
  bearer,
  createPatient,
  createPlan,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PATIENT,
  TEST_COST,
  type World,
} from './helpers.js';
import { cleanJpeg } from './photoFixtures.js';

/** Whole years from `birth` to `on` (both YYYY-MM-DD). */
function ageInYears(birth: string, on: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const NO_TO_ALL = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));

/** What a patient built through the API is, for the checks. */
interface Built {
  readonly id: string;
  readonly clinic: 'A' | 'B';
  readonly birthDate: string;
  readonly firstSession: string | null;
  /** Every id the API gave for this patient's records. */
  readonly recordIds: string[];
  readonly names: string[];
}

interface PatientSpec {
  readonly givenName: string;
  readonly familyName: string;
  readonly birthDate: string;
  readonly fitzpatrickType: number;
  readonly email: string;
  readonly phone: string;
  /** Session dates; each ≥ 6 weeks after the previous. */
  readonly sessions: readonly string[];
  /** [date, submental Lemperle, GAIS investigator] — the first before the first session. */
  readonly assessments: readonly [string, number, number | null][];
  readonly research: 'active' | 'withdrawn' | 'none';
  readonly hyperpigmentation?: boolean;
}

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    // A clock a year and more ahead: the research pool's quarterly snapshot then holds what these
    // tests enter today (journey.test.ts checks the snapshot on the real clock).
    world = await makeWorld(kind, {}, { clock: () => new Date(Date.now() + 400 * 86_400_000) });
  }, 60_000);
  afterAll(() => world?.close());

  const get = (url: string, token: string) =>
    world.app.inject({ method: 'GET', url, headers: bearer(token) });

  async function post(token: string, url: string, payload: object | Buffer, headers = {}) {
    const response = await world.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(token), ...headers },
      payload,
    });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
    return response.json() as { id: string };
  }

  /** A patient and their records, all through the API, as `token` (a clinician). */
  async function build(token: string, clinic: 'A' | 'B', spec: PatientSpec): Promise<Built> {
    const id = await createPatient(world, token, {
      ...PATIENT,
      givenName: spec.givenName,
      familyName: spec.familyName,
      birthDate: spec.birthDate,
      fitzpatrickType: spec.fitzpatrickType,
      email: spec.email,
      phone: spec.phone,
    });
    const base = `/api/patients/${id}`;
    const recordIds: string[] = [];
    const keep = (record: { id: string }) => {
      recordIds.push(record.id);
      return record.id;
    };
    const plan = await createPlan(world, token, id);
    recordIds.push(plan);
    keep(await post(token, `${base}/screenings`, { answers: NO_TO_ALL, date: '2025-01-06' }));
    keep(await post(token, `${base}/consents`, { scope: 'treatment', date: '2025-01-10' }));
    if (spec.research !== 'none') {
      const research = keep(
        await post(token, `${base}/consents`, { scope: 'research', date: '2025-01-10' }),
      );
      if (spec.research === 'withdrawn') {
        const response = await world.app.inject({
          method: 'PATCH',
          url: `${base}/consents/${research}`,
          headers: bearer(token),
          payload: { status: 'withdrawn', withdrawnDate: '2025-02-01' },
        });
        expect(response.statusCode, response.body).toBe(200);
      }
    }
    const [baseline, ...followUps] = spec.assessments;
    if (baseline)
      keep(
        await post(token, `${base}/assessments`, {
          date: baseline[0],
          lemperleByZone: { submental: baseline[1] },
        }),
      );
    const sessionIds: string[] = [];
    for (const date of spec.sessions) {
      sessionIds.push(
        keep(
          await post(token, `${base}/sessions`, {
            planId: plan,
            date,
            zones: [{ zoneId: 'submental', coresDelivered: 120 }],
            anaesthesia: 'topical',
            notes: `free text about ${spec.familyName}`,
          }),
        ),
      );
    }
    for (const [date, lemperle, gais] of followUps)
      keep(
        await post(token, `${base}/assessments`, {
          date,
          lemperleByZone: { submental: lemperle },
          gaisInvestigator: gais,
          gaisSubject: gais,
          satisfaction: 4,
          notes: `seen ${spec.givenName}`,
        }),
      );
    const first = spec.sessions[0];
    if (first) {
      keep(
        await post(token, `${base}/adverse-events`, {
          type: 'erythema',
          onsetDate: first,
          resolutionDate: first,
          severity: 'mild',
          relatedness: 'definite',
          sessionId: sessionIds[0],
        }),
      );
      if (spec.hyperpigmentation)
        keep(
          await post(token, `${base}/adverse-events`, {
            type: 'hyperpigmentation',
            onsetDate: spec.sessions.at(-1),
            severity: 'moderate',
            relatedness: 'possible',
            description: `noted by ${spec.familyName}`,
          }),
        );
    }
    return {
      id,
      clinic,
      birthDate: spec.birthDate,
      firstSession: first ?? null,
      recordIds,
      names: [spec.givenName, spec.familyName, spec.email, spec.phone],
    };
  }

  /** Clinic A's records of a patient, read back through the record routes (not the loader). */
  async function evidenceJourneyOf(token: string, id: string): Promise<EvidenceJourney> {
    const list = async (what: string) =>
      (await get(`/api/patients/${id}/${what}`, token)).json().items;
    const patient = (await get(`/api/patients/${id}`, token)).json();
    return {
      patient: { fitzpatrickType: patient.fitzpatrickType },
      sessions: await list('sessions'),
      assessments: await list('assessments'),
      adverseEvents: await list('adverse-events'),
    };
  }

  describe('GET /api/patients/{id}/fhir', () => {
    let patientId: string;
    beforeAll(async () => {
      const token = world.tokens.clinicianA;
      patientId = await createPatient(world, token);
      const base = `/api/patients/${patientId}`;
      const plan = await createPlan(world, token, patientId);
      await post(token, `${base}/screenings`, { answers: NO_TO_ALL, date: '2025-01-06' });
      await post(token, `${base}/consents`, { scope: 'treatment', date: '2025-01-10' });
      await post(token, `${base}/consents`, { scope: 'research', date: '2025-01-10' });
      const photography = await post(token, `${base}/consents`, {
        scope: 'photography',
        date: '2025-01-10',
      });
      await post(token, `${base}/series`, { planId: plan, startDate: '2025-02-03' });
      await post(token, `${base}/assessments`, {
        date: '2025-02-01',
        lemperleByZone: { submental: 3 },
      });
      const sessions = [];
      for (const date of ['2025-02-03', '2025-03-17'])
        sessions.push(
          await post(token, `${base}/sessions`, {
            planId: plan,
            date,
            zones: [{ zoneId: 'submental', coresDelivered: 100 }],
            anaesthesia: 'topical',
          }),
        );
      await post(token, `${base}/assessments`, {
        date: '2025-06-16',
        sessionId: sessions[1]?.id,
        lemperleByZone: { submental: 2 },
        gaisInvestigator: 2,
        gaisSubject: 3,
        satisfaction: 4,
        laxityGrade: 2,
      });
      await post(token, `${base}/adverse-events`, {
        type: 'erythema',
        onsetDate: '2025-02-04',
        resolutionDate: '2025-02-07',
        severity: 'mild',
        relatedness: 'probable',
        sessionId: sessions[0]?.id,
      });
      await post(
        token,
        `${base}/photos?consentId=${photography.id}&takenDate=2025-06-16&zoneId=submental`,
        cleanJpeg(),
        { 'content-type': 'image/jpeg' },
      );
    }, 60_000);

    it('is a valid FHIR R4 Bundle (@medplum/core, the FHIR JSON Schema, fhirpath.js) with every resource of the journey', async () => {
      const response = await get(`/api/patients/${patientId}/fhir`, world.tokens.clinicianA);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const bundle = response.json() as Bundle;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
      expect(fhirErrors(bundle)).toEqual([]);

      const resources = (bundle.entry ?? []).map((e) => e.resource as Resource);
      const of = <T extends Resource['resourceType']>(type: T) =>
        resources.filter((r) => r.resourceType === type) as Extract<
          Resource,
          { resourceType: T }
        >[];
      const [patient] = of('Patient');
      expect(patient?.name?.[0]).toMatchObject({ family: PATIENT.familyName });
      expect(patient?.birthDate).toBe(PATIENT.birthDate);
      expect(of('Organization')[0]?.name).toBe('Clinic A');
      // The needle (23G, the plan's) and the handpiece.
      expect(of('Device').length).toBeGreaterThanOrEqual(2);
      expect(of('CarePlan')).toHaveLength(1);
      expect(of('Procedure')).toHaveLength(2);
      for (const procedure of of('Procedure')) {
        expect(procedure.status).toBe('completed');
        expect(procedure.bodySite?.length).toBe(1);
        expect(procedure.focalDevice?.[0]?.manipulated?.reference).toMatch(/^urn:uuid:/);
      }
      const fitzpatrick = of('Observation').filter((o) =>
        o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === '66555-4'),
      );
      expect(fitzpatrick).toHaveLength(1);
      expect(fitzpatrick[0]?.valueCodeableConcept?.text).toMatch(/type II$/);
      expect(of('AdverseEvent')).toHaveLength(1);
      expect(of('Consent')).toHaveLength(3);
      // Issue 13: a narrative everywhere, the screening as a response, a performer per Observation.
      for (const r of resources)
        expect((r as { text?: unknown }).text, r.resourceType).toBeDefined();
      expect(of('QuestionnaireResponse')).toHaveLength(1);
      expect(
        of('QuestionnaireResponse')[0]?.item?.find((i) => i.linkId === 'decision'),
      ).toBeDefined();
      for (const o of of('Observation')) expect(o.performer?.[0]?.display).toBe('Clinic A');
      const [media] = of('Media');
      expect(media?.content.url).toMatch(
        new RegExp(`^/api/patients/${patientId}/photos/[0-9a-f-]{36}$`),
      );
      // Every reference stays inside the bundle.
      const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
      const references = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
      expect(references.length).toBeGreaterThan(5);
      for (const r of references) expect(fullUrls.has(r.slice(13, -1)), r).toBe(true);
    });

    it('an admin may export; a researcher gets 403; another clinic gets 404; each is audited', async () => {
      const ok = await get(`/api/patients/${patientId}/fhir`, world.tokens.adminA);
      expect(ok.statusCode).toBe(200);
      const researcher = await get(`/api/patients/${patientId}/fhir`, world.tokens.researcherA);
      expectProblem(researcher, 403);
      expect(researcher.body).not.toContain(PATIENT.familyName);
      const otherClinic = await get(`/api/patients/${patientId}/fhir`, world.tokens.clinicianB);
      expectProblem(otherClinic, 404);
      const unknown = await get(
        '/api/patients/00000000-0000-4000-8000-000000000000/fhir',
        world.tokens.clinicianA,
      );
      expectProblem(unknown, 404);

      const { rows } = await sql<{ clinic_id: string; outcome: string; resource_id: string }>`
        select clinic_id, outcome, resource_id from audit_log
        where action = 'patient.fhir-export' order by id`.execute(world.storage.db);
      expect(rows.filter((r) => r.clinic_id === world.clinicA && r.outcome === 'ok').length).toBe(
        2,
      );
      expect(rows).toContainEqual({
        clinic_id: world.clinicA,
        outcome: 'forbidden',
        resource_id: patientId,
      });
      expect(rows).toContainEqual({
        clinic_id: world.clinicB,
        outcome: 'not-found',
        resource_id: patientId,
      });
    });

    it('GET /api/fhir/definitions (after the audit count above): every signed-in role; valid; defines each extension the export uses', async () => {
      const response = await get('/api/fhir/definitions', world.tokens.researcherA);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
      const definitions = response.json() as Bundle;
      expect(fhirErrors(definitions)).toEqual([]);
      const urls = new Set(
        (definitions.entry ?? []).map((e) => (e.resource as { url?: string }).url),
      );
      const exported = await get(`/api/patients/${patientId}/fhir`, world.tokens.clinicianA);
      const used = new Set(
        [
          ...exported.body.matchAll(
            /"url":"(https:\/\/microcore\.dev\/fhir\/StructureDefinition\/[^"]+)"/g,
          ),
        ].map((m) => m[1]),
      );
      expect(used.size).toBeGreaterThanOrEqual(5);
      for (const url of used) expect(urls.has(url), url).toBe(true);
      expectProblem(await world.app.inject({ method: 'GET', url: '/api/fhir/definitions' }), 401);
    });
  });

  describe('evidence', () => {
    let a: Built[];
    let b: Built[];
    beforeAll(async () => {
      const A = world.tokens.clinicianA;
      const B = world.tokens.clinicianB;
      const spec = (n: number, over: Partial<PatientSpec>): PatientSpec => ({
        givenName: `Given${n}x`,
        familyName: `Family${n}x`,
        birthDate: `19${60 + n}-0${1 + (n % 9)}-1${n % 10}`,
        fitzpatrickType: 1 + (n % 6),
        email: `patient${n}@mail${n}.example`,
        phone: `+44 20 7946 ${String(1000 + n)}`,
        sessions: ['2025-02-03'],
        assessments: [
          ['2025-02-01', 3, null],
          ['2025-05-05', 2, 2],
        ],
        research: 'active',
        ...over,
      });
      a = [
        await build(A, 'A', spec(1, {})),
        await build(
          A,
          'A',
          spec(2, {
            fitzpatrickType: 5,
            sessions: ['2025-02-03', '2025-03-17'],
            assessments: [
              ['2025-01-20', 4, null],
              ['2025-06-16', 2, 1],
              ['2025-09-15', 3, 2],
            ],
            hyperpigmentation: true,
          }),
        ),
        // Not in the pool: no research consent, or a withdrawn one.
        await build(A, 'A', spec(3, { research: 'none', fitzpatrickType: 2 })),
        await build(A, 'A', spec(4, { research: 'withdrawn', sessions: [], assessments: [] })),
      ];
      b = [
        await build(
          B,
          'B',
          spec(5, {
            fitzpatrickType: 6,
            sessions: ['2025-01-13', '2025-02-24', '2025-04-07'],
            assessments: [
              ['2025-01-13', 5, null],
              ['2025-07-07', 3, 2],
            ],
          }),
        ),
        await build(B, 'B', spec(6, { research: 'none', fitzpatrickType: 1 })),
      ];
    }, 120_000);

    const strip = (body: Record<string, unknown>) => {
      const { scope, basis, label, scopeLabel, patients, syntheticPatients, asOf, ...summary } =
        body;
      return summary;
    };

    it("an admin's summary is summarizeEvidence over their clinic's records, labelled as observed", async () => {
      // Clinic A's patients of this file so far: the FHIR patient and the four built here.
      const listed = (await get('/api/patients?includeArchived=true', world.tokens.adminA)).json();
      const ids: string[] = listed.items.map((p: { id: string }) => p.id);
      expect(ids).toEqual(expect.arrayContaining(a.map((p) => p.id)));
      const journeys = await Promise.all(
        ids.map((id) => evidenceJourneyOf(world.tokens.clinicianA, id)),
      );
      for (const stratify of ['none', 'fitzpatrick', 'sessions'] as const) {
        const response = await get(
          `/api/evidence/summary?stratify=${stratify}`,
          world.tokens.adminA,
        );
        expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
        const body = response.json();
        expect(body).toMatchObject({
          scope: 'clinic',
          basis: 'observed-outcomes',
          patients: ids.length,
          syntheticPatients: 0,
          stratifiedBy: stratify,
        });
        expect(body.label).toMatch(/observed outcomes.*not model estimates/i);
        expect(strip(body)).toEqual(
          JSON.parse(JSON.stringify(summarizeEvidence(journeys, { stratify }))),
        );
      }
      expect((await get('/api/evidence/summary', world.tokens.adminA)).json().stratifiedBy).toBe(
        'none',
      );
    });

    it('a researcher sees pooled records of both clinics, only consenting patients, nothing identifying', async () => {
      const response = await get('/api/evidence/records', world.tokens.researcherA);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const body = response.json();
      // The FHIR patient of clinic A (research consent, built above) and the three consenting here.
      const consenting = [a[0], a[1], b[0]] as Built[];
      expect(body).toMatchObject({
        scope: 'pooled-deidentified',
        basis: 'observed-outcomes',
        patients: consenting.length + 1,
      });
      expect(body.items).toHaveLength(consenting.length + 1);
      const fitzpatrickTypes = body.items.map(
        (j: { patient: { fitzpatrickType: number } }) => j.patient.fitzpatrickType,
      );
      // Clinic B's consenting patient (VI) is there; its non-consenting one (I) is not.
      expect(fitzpatrickTypes.sort()).toEqual([2, 2, 5, 6]);

      const text = response.body;
      const nonConsenting = [a[2], a[3], b[1]] as Built[];
      for (const p of [...consenting, ...nonConsenting]) {
        for (const word of [...p.names, p.id, p.birthDate, ...p.recordIds])
          expect(text, `leaks ${word}`).not.toContain(word);
      }
      for (const word of [PATIENT.givenName, PATIENT.familyName, PATIENT.email, PATIENT.phone])
        expect(text).not.toContain(word);
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
      expect(text).not.toMatch(/free text|seen Given|noted by/);
      expect(text).not.toMatch(/birthDate|givenName|familyName|email|phone|"id"|notes|operator/);

      // Age bands from the database are the core's bands at the first session.
      const bands = body.items.map((j: { patient: { ageBand: string } }) => j.patient.ageBand);
      for (const p of consenting)
        expect(bands).toContain(ageBand(ageInYears(p.birthDate, p.firstSession ?? '')));
    });

    it("the pooled summary equals summarizeEvidence over the consenting patients' own records (date shifts keep intervals)", async () => {
      const response = await get(
        '/api/evidence/summary?stratify=fitzpatrick',
        world.tokens.researcherA,
      );
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ scope: 'pooled-deidentified', patients: 4 });
      const records = (await get('/api/evidence/records', world.tokens.researcherA)).json().items;
      expect(strip(body)).toEqual(
        JSON.parse(JSON.stringify(summarizeEvidence(records, { stratify: 'fitzpatrick' }))),
      );
      // The same numbers from the identified records, each read by its own clinic.
      const fhirPatient = (await get('/api/patients', world.tokens.clinicianA))
        .json()
        .items.map((p: { id: string }) => p.id)
        .filter((id: string) => !a.some((p) => p.id === id));
      const identified = [
        ...(await Promise.all(
          [...fhirPatient, a[0]?.id, a[1]?.id].map((id) =>
            evidenceJourneyOf(world.tokens.clinicianA, id as string),
          ),
        )),
        await evidenceJourneyOf(world.tokens.clinicianB, b[0]?.id as string),
      ];
      expect(strip(body)).toEqual(
        JSON.parse(JSON.stringify(summarizeEvidence(identified, { stratify: 'fitzpatrick' }))),
      );
      // An admin may ask for the pooled view too; a researcher may not ask for one clinic's.
      const pooledForAdmin = await get('/api/evidence/summary?scope=pooled', world.tokens.adminB);
      expect(pooledForAdmin.json()).toMatchObject({ scope: 'pooled-deidentified', patients: 4 });
      expectProblem(await get('/api/evidence/summary?scope=clinic', world.tokens.researcherA), 403);
    });

    it('a clinician gets 403 on every evidence route; reads and refusals are audited', async () => {
      for (const url of [
        '/api/evidence/summary',
        '/api/evidence/records',
        '/api/evidence/sample-size?design=upper-bound&expectedRate=0&maxUpperBound=0.05',
      ])
        expectProblem(await get(url, world.tokens.clinicianA), 403);
      const { rows } = await sql<{ action: string; outcome: string; resource_id: null }>`
        select action, outcome, resource_id from audit_log
        where resource_type = 'evidence' and clinic_id = ${world.clinicA}`.execute(
        world.storage.db,
      );
      expect(rows).toContainEqual({ action: 'evidence.summary', outcome: 'ok', resource_id: null });
      expect(rows).toContainEqual({ action: 'evidence.records', outcome: 'ok', resource_id: null });
      expect(rows).toContainEqual({
        action: 'evidence.summary',
        outcome: 'forbidden',
        resource_id: null,
      });
      expect(rows).toContainEqual({
        action: 'evidence.records',
        outcome: 'forbidden',
        resource_id: null,
      });
    });

    it('pseudonyms are stable across processes on one database (stored key), and follow MICROCORE_DEIDENTIFY_KEY when set', async () => {
      const pseudonyms = async (app: typeof world.app) =>
        (
          await app.inject({
            method: 'GET',
            url: '/api/evidence/records',
            headers: bearer(world.tokens.researcherA),
          })
        )
          .json()
          .items.map((j: { patient: { pseudonym: string } }) => j.patient.pseudonym)
          .sort();
      const first = await pseudonyms(world.app);
      expect(first).toHaveLength(4);
      const clock = () => new Date(Date.now() + 400 * 86_400_000);
      const again = await buildApp({
        db: world.appStorage.db,
        config: { passwordCost: TEST_COST, logLevel: 'silent' },
        clock,
      });
      const key = 'a test key of enough bytes, 0123456789';
      const keyed = await buildApp({
        db: world.appStorage.db,
        config: { passwordCost: TEST_COST, logLevel: 'silent', deidentifyKey: key },
        clock,
      });
      try {
        expect(await pseudonyms(again)).toEqual(first);
        const withKey = await pseudonyms(keyed);
        expect(withKey).not.toEqual(first);
        const consenting = [a[0], a[1], b[0]].map((p) => p?.id as string);
        for (const id of consenting)
          expect(withKey).toContain(pseudonymOf(id, Buffer.from(key, 'utf8')));
      } finally {
        await again.close();
        await keyed.close();
      }
      const stored = await world.storage.db.selectFrom('server_secrets').select('name').execute();
      expect(stored.map((r) => r.name)).toEqual(['deidentify-key']);
    });

    it('research_pool() is executable by the app role only, not PUBLIC (it sees past RLS)', async () => {
      const { rows } = await sql<{ app: boolean; public: boolean; definer: boolean }>`
        select has_function_privilege('microcore_app', p.oid, 'execute') as app,
          exists (select from aclexplode(p.proacl) a where a.grantee = 0) as public,
          p.prosecdef as definer
        from pg_proc p where p.proname = 'research_pool'`.execute(world.storage.db);
      expect(rows).toEqual([{ app: true, public: false, definer: true }]);
    });

    it('MICROCORE_DEIDENTIFY_KEY shorter than 16 bytes is a configuration error', () => {
      expect(() => configFromEnv({ MICROCORE_DEIDENTIFY_KEY: 'short' })).toThrow(ConfigError);
      expect(configFromEnv({ MICROCORE_DEIDENTIFY_KEY: 'x'.repeat(16) }).deidentifyKey).toBe(
        'x'.repeat(16),
      );
      expect(configFromEnv({}).deidentifyKey).toBeUndefined();
    });
  });
});

describe('the research pool snapshot', () => {
  it('is the last day of the previous calendar quarter (UTC)', async () => {
    const { snapshotCutoff } = await import('../src/evidence/researchPool.js');
    expect(snapshotCutoff(new Date('2026-11-25T12:00:00Z'))).toBe('2026-09-30');
    expect(snapshotCutoff(new Date('2026-01-01T00:00:00Z'))).toBe('2025-12-31');
    expect(snapshotCutoff(new Date('2026-03-31T23:59:59Z'))).toBe('2025-12-31');
    expect(snapshotCutoff(new Date('2026-04-01T00:00:00Z'))).toBe('2026-03-31');
    expect(snapshotCutoff(new Date('2026-07-15T00:00:00Z'))).toBe('2026-06-30');
  });
});
