import { CANDIDACY_RULES } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRouteDeclaration } from '../src/app.js';
import { OperationIds } from '../src/operationIds.js';
import {
  bearer,
  createPatient,
  createPlan,
  createSeries,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PATIENT,
  PLAN_REQUEST,
  type World,
} from './helpers.js';
import { cleanJpeg } from './photoFixtures.js';

/**
 * One table over every route the app registered (collected by an onRoute hook), so a new route
 * is checked the moment it exists: without credentials every /api route but these answers 401.
 */
const PUBLIC = [
  /^POST \/api\/auth\/login$/,
  /^GET \/api\/openapi\.json$/,
  /^(GET|HEAD) \/api\/docs(\/.*)?$/,
];

/** Every checklist question answered no. */
const NO_TO_ALL = Object.fromEntries(CANDIDACY_RULES.checklist.map((q) => [q.code, false]));

/** A valid body for each route that takes one, so a refusal is about who asks, not what. */
const BODIES: Record<string, object> = {
  'POST /api/patients/:id/screenings': { answers: NO_TO_ALL },
  'PATCH /api/users/:id': { disabled: false },
  'POST /api/patients': PATIENT,
  'PATCH /api/patients/:id': { laxityGrade: 1 },
  'POST /api/patients/:id/plans': PLAN_REQUEST,
  'POST /api/users': {
    email: 'someone@x.test',
    password: 'a long enough password',
    role: 'clinician',
  },
  'POST /api/auth/logout': {},
  'POST /api/patients/:id/assessments': { date: '2025-06-01', lemperleByZone: { submental: 2 } },
  'POST /api/patients/:id/follow-ups': { date: '2099-06-01' },
  'POST /api/patients/:id/adverse-events': {
    type: 'erythema',
    onsetDate: '2025-03-04',
    severity: 'mild',
    relatedness: 'probable',
  },
  'PATCH /api/patients/:id/adverse-events/:eventId': { resolutionDate: '2025-03-08' },
  'POST /api/patients/:id/consents': { scope: 'research', date: '2025-01-10' },
  'PATCH /api/patients/:id/consents/:consentId': { status: 'withdrawn' },
  'PATCH /api/clinic': { timeZone: 'Europe/Paris' },
  // Inside the 8 × 8 photo the fixture uploads.
  'PUT /api/patients/:id/photos/:photoId/pupils': { left: { x: 6, y: 4 }, right: { x: 2, y: 4 } },
};

/** A valid change for each kind's corrections route (the version and reason are added). */
const CORRECTIONS: Record<string, object> = {
  '/api/patients/:id/sessions/:sessionId/corrections': { notes: 'corrected' },
  '/api/patients/:id/assessments/:assessmentId/corrections': { satisfaction: 4 },
  '/api/patients/:id/adverse-events/:eventId/corrections': { severity: 'moderate' },
  '/api/patients/:id/consents/:consentId/corrections': { date: '2025-01-09' },
  '/api/patients/:id/photos/:photoId/corrections': { zoneId: 'submental' },
};

/** The records a patient needs for every patient-scoped route to succeed (ids fill the URLs). */
interface Ids {
  patient: string;
  plan: string;
  session: string;
  assessment: string;
  event: string;
  consent: string;
  photo: string;
  photography: string;
  series: string;
  /** A delivery session, held by the console ROUTE_CONSOLE. */
  delivery: string;
}

const ROUTE_CONSOLE = 'route-test-console';

/** A valid request for the route: body, and for the photo upload its bytes and query. */
function validRequest(key: string, ids: Ids) {
  if (key === 'POST /api/patients/:id/sessions')
    return {
      payload: {
        planId: ids.plan,
        date: '2025-03-03',
        zones: [{ zoneId: 'submental', coresDelivered: 100 }],
        anaesthesia: 'topical',
      },
    };
  if (key === 'POST /api/patients/:id/delivery-sessions')
    return { payload: { planId: ids.plan, consoleId: ROUTE_CONSOLE, anaesthesia: 'none' } };
  if (key === 'POST /api/patients/:id/delivery-sessions/:deliveryId/events')
    // Accepted once, acknowledged again (repeated) after.
    return { payload: { consoleId: ROUTE_CONSOLE, events: [{ seq: 1, type: 'pause' }] } };
  if (key === 'POST /api/patients/:id/delivery-sessions/:deliveryId/claim')
    return { payload: { consoleId: ROUTE_CONSOLE } };
  if (key === 'GET /api/patients/:id/delivery-sessions/:deliveryId/socket')
    return { query: { consoleId: ROUTE_CONSOLE } };
  if (key === 'POST /api/patients/:id/series')
    return { payload: { planId: ids.plan, startDate: '2027-01-04' } };
  if (key === 'GET /api/evidence/sample-size')
    return { query: { design: 'upper-bound', expectedRate: '0', maxUpperBound: '0.05' } };
  if (key === 'GET /api/evidence/summary') return { query: { stratify: 'fitzpatrick' } };
  if (key === 'POST /api/patients/:id/photos')
    return {
      query: { consentId: ids.photography, takenDate: '2025-03-03' },
      headers: { 'content-type': 'image/jpeg' },
      payload: cleanJpeg(),
    };
  return { payload: BODIES[key] };
}

onEachDatabase((kind) => {
  let world: World;
  let a: Ids;
  let b: Ids;
  beforeAll(async () => {
    world = await makeWorld(kind);
    a = await patientWithRecords(world.tokens.clinicianA);
    b = await patientWithRecords(world.tokens.clinicianB);
  }, 60_000);
  afterAll(() => world?.close());

  function apiRoutes() {
    return world.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));
  }

  /** A patient with a plan, an adverse event, a treatment consent and a photo. */
  async function patientWithRecords(token: string): Promise<Ids> {
    const post = async (url: string, payload: object | Buffer, headers = {}) => {
      const response = await world.app.inject({
        method: 'POST',
        url,
        headers: { ...bearer(token), ...headers },
        payload,
      });
      if (response.statusCode !== 201) throw new Error(`${url}: ${response.body}`);
      return response.json().id as string;
    };
    const patient = await createPatient(world, token);
    const plan = await createPlan(world, token, patient);
    const base = `/api/patients/${patient}`;
    const event = await post(
      `${base}/adverse-events`,
      BODIES['POST /api/patients/:id/adverse-events'],
    );
    const consent = await post(`${base}/consents`, { scope: 'treatment', date: '2025-01-10' });
    const photography = await post(`${base}/consents`, {
      scope: 'photography',
      date: '2025-01-10',
    });
    const photo = await post(
      `${base}/photos?consentId=${photography}&takenDate=2025-03-03`,
      cleanJpeg(),
      { 'content-type': 'image/jpeg' },
    );
    const series = await createSeries(world, token, patient, plan);
    // Eight weeks before the session the sessions route records (the interval rule holds).
    const session = await post(`${base}/sessions`, {
      ...(validRequest('POST /api/patients/:id/sessions', { plan } as Ids).payload as object),
      date: '2025-01-06',
    });
    const assessment = await post(
      `${base}/assessments`,
      BODIES['POST /api/patients/:id/assessments'],
    );
    const delivery = await post(
      `${base}/delivery-sessions`,
      validRequest('POST /api/patients/:id/delivery-sessions', { plan } as Ids).payload as object,
    );
    return {
      patient,
      plan,
      session,
      assessment,
      event,
      consent,
      photo,
      photography,
      series,
      delivery,
    };
  }

  const fill = (url: string, ids: Ids) =>
    url
      .replace(':planId', ids.plan)
      .replace(':seriesId', ids.series)
      .replace(':deliveryId', ids.delivery)
      .replace(':sessionId', ids.session)
      .replace(':assessmentId', ids.assessment)
      .replace(':eventId', ids.event)
      .replace(':consentId', ids.consent)
      .replace(':photoId', ids.photo)
      .replace(':id', ids.patient);

  /** Inject the route's valid request for `ids`, as `token` (or nobody). */
  /**
   * A correction or strike-out names the version it was made against: the record's latest as
   * `token` sees it (1 when it sees none: the request is refused before the version counts).
   */
  async function versioned(route: { url: string }, ids: Ids, token?: string) {
    const change = /\/(corrections|entered-in-error)$/.exec(route.url);
    if (!change) return undefined;
    const history = await world.app.inject({
      method: 'GET',
      url: fill(route.url.replace(/[^/]+$/, 'history'), ids),
      headers: token ? bearer(token) : {},
    });
    const items = history.statusCode === 200 ? history.json().items : [];
    const expectedVersion = items.at(-1)?.version ?? 1;
    return change[1] === 'corrections'
      ? { expectedVersion, reason: 'a test correction', changes: CORRECTIONS[route.url] }
      : { expectedVersion, reason: 'a test strike-out' };
  }

  async function injectValid(
    route: { method: string; url: string; key: string },
    ids: Ids,
    token?: string,
  ) {
    const change = await versioned(route, ids, token);
    const { payload, headers, query } = (
      change ? { payload: change } : validRequest(route.key, ids)
    ) as {
      payload?: object | Buffer;
      headers?: Record<string, string>;
      query?: Record<string, string>;
    };
    const search = query ? `?${new URLSearchParams(query)}` : '';
    return world.app.inject({
      method: route.method as 'GET',
      url: `${fill(route.url, ids)}${search}`,
      headers: { ...(token ? bearer(token) : {}), ...headers },
      payload,
    });
  }

  describe('every route', () => {
    it('the route table holds the routes of the issue', () => {
      const keys = apiRoutes().map((r) => r.key);
      for (const key of [
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'POST /api/patients',
        'GET /api/patients',
        'GET /api/patients/:id',
        'PATCH /api/patients/:id',
        'POST /api/patients/:id/plans',
        'GET /api/patients/:id/plans',
        'GET /api/patients/:id/plans/:planId',
        'GET /api/users',
        'POST /api/users',
        'GET /api/audit/verify',
        'GET /api/openapi.json',
        'POST /api/patients/:id/sessions',
        'GET /api/patients/:id/sessions',
        'POST /api/patients/:id/assessments',
        'GET /api/patients/:id/assessments',
        'POST /api/patients/:id/follow-ups',
        'GET /api/patients/:id/follow-ups',
        'POST /api/patients/:id/adverse-events',
        'GET /api/patients/:id/adverse-events',
        'PATCH /api/patients/:id/adverse-events/:eventId',
        'POST /api/patients/:id/consents',
        'GET /api/patients/:id/consents',
        'PATCH /api/patients/:id/consents/:consentId',
        'POST /api/patients/:id/photos',
        'GET /api/patients/:id/photos',
        'GET /api/patients/:id/photos/:photoId',
        'PUT /api/patients/:id/photos/:photoId/pupils',
        'GET /api/patients/:id/pupil-marks',
        'POST /api/patients/:id/screenings',
        'GET /api/patients/:id/screenings',
        'GET /api/screening/checklist',
        'POST /api/patients/:id/series',
        'GET /api/patients/:id/series',
        'GET /api/patients/:id/series/:seriesId',
        'GET /api/patients/:id/series/:seriesId/calendar.ics',
        ...['sessions/:sessionId', 'assessments/:assessmentId', 'adverse-events/:eventId']
          .concat(['consents/:consentId', 'photos/:photoId'])
          .flatMap((one) => [
            `POST /api/patients/:id/${one}/corrections`,
            `POST /api/patients/:id/${one}/entered-in-error`,
            `GET /api/patients/:id/${one}/history`,
          ]),
        'PATCH /api/users/:id',
        'GET /api/evidence/sample-size',
        'GET /api/evidence/summary',
        'GET /api/evidence/records',
        'GET /api/evidence/calibration',
        'GET /api/patients/:id/fhir',
        'GET /api/fhir/definitions',
        'POST /api/patients/:id/delivery-sessions',
        'GET /api/patients/:id/delivery-sessions/:deliveryId',
        'POST /api/patients/:id/delivery-sessions/:deliveryId/events',
        'POST /api/patients/:id/delivery-sessions/:deliveryId/claim',
        'GET /api/patients/:id/delivery-sessions/:deliveryId/socket',
        'GET /api/patients/:id/delivery-sessions/:deliveryId/watch',
      ])
        expect(keys).toContain(key);
    });

    it('every route that is not public declares its audit action in the route table', () => {
      const undeclared = world.app.routeTable
        .filter((r) => !r.public && r.audit === undefined)
        .map((r) => `${r.method} ${r.url}`);
      expect(undeclared).toEqual([]);
      for (const route of world.app.routeTable.filter((r) => !r.public)) {
        expect(route.audit?.action, route.url).toMatch(/^[a-z-]+\.[a-z-]+$/);
        expect(route.audit?.resourceType, route.url).toMatch(/^[a-z-]+$/);
      }
    });

    it('a protected route without an audit declaration cannot be registered', () => {
      const route = (config?: object) => ({ method: 'GET', url: '/api/x', config });
      expect(() => checkRouteDeclaration(route())).toThrow(/audit/);
      expect(() => checkRouteDeclaration(route({ roles: ['admin'] }))).toThrow(/audit/);
      expect(() => checkRouteDeclaration(route({ public: true }))).not.toThrow();
      const audit = { action: 'x.read', resourceType: 'x' };
      expect(() => checkRouteDeclaration(route({ audit }))).not.toThrow();
    });

    it('a documented route without an operationId, or with one another route has, cannot be registered', () => {
      const ids = new OperationIds();
      const route = (method: string | string[], url: string, schema?: object) => ({
        method,
        url,
        schema,
      });
      expect(() => ids.claim(route('GET', '/api/x'))).toThrow(
        /GET \/api\/x declares no operationId/,
      );
      expect(() => ids.claim(route('GET', '/api/x', { operationId: 'get-x' }))).toThrow(
        /camelCase/,
      );
      expect(() => ids.claim(route('GET', '/api/x', { operationId: 'getX' }))).not.toThrow();
      // Fastify's HEAD twin of a GET shares its schema; the document leaves it out.
      expect(() => ids.claim(route('HEAD', '/api/x', { operationId: 'getX' }))).not.toThrow();
      expect(() => ids.claim(route('GET', '/api/y', { operationId: 'getX' }))).toThrow(
        /"getX" is already GET \/api\/x's/,
      );
      expect(() => ids.claim(route(['GET', 'POST'], '/api/z', { operationId: 'z' }))).toThrow(
        /POST \/api\/z: operationId "z" is already GET \/api\/z's/,
      );
      expect(() => ids.claim(route('GET', '/api/openapi.json', { hide: true }))).not.toThrow();
    });

    it('every route the document shows declares its operationId in the route table', () => {
      const documented = world.app.routeTable.filter(
        (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.operationId !== undefined,
      );
      expect(documented.length).toBeGreaterThanOrEqual(43);
      // Only the hidden routes (the document, the docs' pages and assets, the delivery session's
      // WebSockets, which OpenAPI cannot describe) have none.
      for (const route of apiRoutes().filter((r) => r.operationId === undefined))
        expect(route.key).toMatch(
          /^GET \/api\/(openapi\.json$|docs|patients\/:id\/delivery-sessions\/:deliveryId\/(socket|watch)$)/,
        );
    });

    it('only the login and the docs are public, and are marked so', () => {
      for (const route of apiRoutes())
        expect(route.public, route.key).toBe(PUBLIC.some((p) => p.test(route.key)));
    });

    it('401 problem+json without credentials on every non-public /api route', async () => {
      const checked: string[] = [];
      for (const route of apiRoutes()) {
        if (PUBLIC.some((p) => p.test(route.key))) continue;
        const response = await injectValid(route, a);
        expect(response.statusCode, route.key).toBe(401);
        expectProblem(response, 401);
        checked.push(route.key);
      }
      expect(checked.length).toBeGreaterThanOrEqual(11);
    });

    it('403 for a researcher on every patient route (identifying data), before reading the body', async () => {
      const patientRoutes = apiRoutes().filter((r) => r.url.startsWith('/api/patients'));
      expect(patientRoutes.length).toBeGreaterThanOrEqual(7);
      for (const route of patientRoutes) {
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, a),
          headers: bearer(world.tokens.researcherA),
          payload: route.method === 'GET' ? undefined : { nonsense: true },
        });
        expect(response.statusCode, route.key).toBe(403);
        expect(response.body, route.key).not.toContain(PATIENT.familyName);
      }
    });

    it("404 for another clinic's patient (and its plan, event, consent, photo) on every patient-scoped route", async () => {
      const scoped = apiRoutes().filter((r) => r.url.startsWith('/api/patients/:id'));
      expect(scoped.length).toBeGreaterThanOrEqual(5);
      for (const route of scoped) {
        const response = await injectValid(route, b, world.tokens.clinicianA);
        expect(response.statusCode, route.key).toBe(404);
        expectProblem(response, 404);
      }
    });

    it("404 for another clinic's plan or series under one's own patient", async () => {
      for (const key of [
        'GET /api/patients/:id/plans/:planId',
        'GET /api/patients/:id/series/:seriesId',
        'GET /api/patients/:id/series/:seriesId/calendar.ics',
      ]) {
        const route = apiRoutes().find((r) => r.key === key);
        expect(route, key).toBeDefined();
        const response = await world.app.inject({
          method: 'GET',
          url: fill(route?.url ?? '', { ...b, patient: a.patient }),
          headers: bearer(world.tokens.clinicianA),
        });
        expectProblem(response, 404);
      }
    });

    it('the same requests succeed for the owning clinic (the 404s above are about tenancy)', async () => {
      for (const route of apiRoutes().filter((r) => r.url.startsWith('/api/patients/:id'))) {
        const response = await injectValid(route, b, world.tokens.clinicianB);
        // The session's WebSockets without an upgrade (inject cannot make one): past every
        // check, then 426. The upgraded sockets are tested in delivery(Watch).test.ts.
        if (route.url.endsWith('/socket') || route.url.endsWith('/watch')) {
          expectProblem(response, 426);
          continue;
        }
        expect(response.statusCode, `${route.key}: ${response.body.slice(0, 200)}`).toBeLessThan(
          300,
        );
      }
    });

    it('the evidence routes: 403 for a clinician, 200 for an admin and a researcher', async () => {
      const evidenceRoutes = apiRoutes().filter((r) => r.url.startsWith('/api/evidence'));
      expect(evidenceRoutes.map((r) => r.key).sort()).toEqual([
        'GET /api/evidence/calibration',
        'GET /api/evidence/records',
        'GET /api/evidence/sample-size',
        'GET /api/evidence/summary',
      ]);
      for (const route of evidenceRoutes) {
        expectProblem(await injectValid(route, a, world.tokens.clinicianA), 403);
        for (const token of [world.tokens.adminA, world.tokens.researcherA]) {
          const response = await injectValid(route, a, token);
          expect(response.statusCode, `${route.key}: ${response.body.slice(0, 200)}`).toBe(200);
          expect(response.body, route.key).not.toContain(PATIENT.familyName);
        }
      }
    });

    it('403 for a clinician and a researcher on the admin routes', async () => {
      const adminRoutes = apiRoutes().filter(
        (r) => r.roles?.length === 1 && r.roles[0] === 'admin',
      );
      expect(adminRoutes.map((r) => r.key).sort()).toEqual([
        'GET /api/audit/checkpoint',
        'GET /api/audit/verify',
        'GET /api/users',
        'PATCH /api/clinic',
        'PATCH /api/users/:id',
        'POST /api/audit/verify',
        'POST /api/users',
        'POST /api/users/:id/unlock',
      ]);
      for (const route of adminRoutes)
        for (const token of [world.tokens.clinicianA, world.tokens.researcherA]) {
          const response = await world.app.inject({
            method: route.method as 'GET',
            url: route.url,
            headers: bearer(token),
            payload: BODIES[route.key],
          });
          expectProblem(response, 403);
        }
    });
  });
});
