import { CANDIDACY_RULES } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/**
 * A valid body for each route that takes one, so a refusal is about who asks, not what; a body
 * may name the plan of the patient in the path.
 */
const BODIES: Record<string, object | ((ids: Ids) => object)> = {
  'POST /api/patients': PATIENT,
  'PATCH /api/patients/:id': { laxityGrade: 1 },
  'POST /api/patients/:id/plans': PLAN_REQUEST,
  'POST /api/patients/:id/screenings': { answers: NO_TO_ALL },
  'POST /api/patients/:id/series': (ids) => ({ planId: ids.plan, startDate: '2027-01-04' }),
  'POST /api/users': {
    email: 'someone@x.test',
    password: 'a long enough password',
    role: 'clinician',
  },
  'POST /api/auth/logout': {},
  'PATCH /api/users/:id': { disabled: false },
};

/** The ids a route's path and body are filled with: one clinic's patient, plan and series. */
interface Ids {
  readonly patient: string;
  readonly plan: string;
  readonly series: string;
}

const bodyFor = (key: string, ids: Ids) => {
  const body = BODIES[key];
  return typeof body === 'function' ? body(ids) : body;
};

onEachDatabase((kind) => {
  let world: World;
  let a: Ids;
  let b: Ids;
  beforeAll(async () => {
    world = await makeWorld(kind);
    const ids = async (token: string): Promise<Ids> => {
      const patient = await createPatient(world, token);
      const plan = await createPlan(world, token, patient);
      const series = await createSeries(world, token, patient, plan);
      return { patient, plan, series };
    };
    a = await ids(world.tokens.clinicianA);
    b = await ids(world.tokens.clinicianB);
    // PGlite's start and the fixtures take seconds on a busy machine: more than the default 10 s.
  }, 60_000);
  afterAll(() => world?.close());

  function apiRoutes() {
    return world.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));
  }

  const fill = (url: string, ids: Ids) =>
    url.replace(':planId', ids.plan).replace(':seriesId', ids.series).replace(':id', ids.patient);

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
        'POST /api/patients/:id/screenings',
        'GET /api/patients/:id/screenings',
        'GET /api/screening/checklist',
        'POST /api/patients/:id/series',
        'GET /api/patients/:id/series',
        'GET /api/patients/:id/series/:seriesId',
        'GET /api/patients/:id/series/:seriesId/calendar.ics',
        'GET /api/users',
        'POST /api/users',
        'GET /api/audit/verify',
        'GET /api/openapi.json',
      ])
        expect(keys).toContain(key);
    });

    it('only the login and the docs are public, and are marked so', () => {
      for (const route of apiRoutes())
        expect(route.public, route.key).toBe(PUBLIC.some((p) => p.test(route.key)));
    });

    it('401 problem+json without credentials on every non-public /api route', async () => {
      const checked: string[] = [];
      for (const route of apiRoutes()) {
        if (PUBLIC.some((p) => p.test(route.key))) continue;
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, a),
          payload: bodyFor(route.key, a),
        });
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

    it("404 for another clinic's patient (and plan) on every patient-scoped route", async () => {
      const scoped = apiRoutes().filter((r) => r.url.startsWith('/api/patients/:id'));
      expect(scoped.length).toBeGreaterThanOrEqual(5);
      for (const route of scoped) {
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, b),
          headers: bearer(world.tokens.clinicianA),
          payload: bodyFor(route.key, b),
        });
        expect(response.statusCode, route.key).toBe(404);
        expectProblem(response, 404);
      }
    });

    it("404 for another clinic's plan or series under one's own patient", async () => {
      const nested = apiRoutes().filter((r) => /^\/api\/patients\/:id\/\w+\/:\w+/.test(r.url));
      expect(nested.map((r) => r.key).sort()).toEqual([
        'GET /api/patients/:id/plans/:planId',
        'GET /api/patients/:id/series/:seriesId',
        'GET /api/patients/:id/series/:seriesId/calendar.ics',
      ]);
      for (const route of nested) {
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, { ...b, patient: a.patient }),
          headers: bearer(world.tokens.clinicianA),
        });
        expectProblem(response, 404);
      }
    });

    it('the same requests succeed for the owning clinic (the 404s above are about tenancy)', async () => {
      for (const route of apiRoutes().filter((r) => r.url.startsWith('/api/patients/:id'))) {
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, b),
          headers: bearer(world.tokens.clinicianB),
          payload: bodyFor(route.key, b),
        });
        expect(response.statusCode, route.key).toBeLessThan(300);
      }
    });

    it('403 for a clinician and a researcher on the admin routes', async () => {
      const adminRoutes = apiRoutes().filter(
        (r) => r.roles?.length === 1 && r.roles[0] === 'admin',
      );
      expect(adminRoutes.map((r) => r.key).sort()).toEqual([
        'GET /api/audit/verify',
        'GET /api/users',
        'PATCH /api/users/:id',
        'POST /api/users',
      ]);
      for (const route of adminRoutes)
        for (const token of [world.tokens.clinicianA, world.tokens.researcherA]) {
          const response = await world.app.inject({
            method: route.method as 'GET',
            url: route.url,
            headers: bearer(token),
            payload: bodyFor(route.key, a),
          });
          expectProblem(response, 403);
        }
    });
  });
});
