import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  createPlan,
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

/** A valid body for each route that takes one, so a refusal is about who asks, not what. */
const BODIES: Record<string, object> = {
  'POST /api/patients': PATIENT,
  'PATCH /api/patients/:id': { laxityGrade: 1 },
  'POST /api/patients/:id/plans': PLAN_REQUEST,
  'POST /api/users': {
    email: 'someone@x.test',
    password: 'a long enough password',
    role: 'clinician',
  },
  'POST /api/auth/logout': {},
  'PATCH /api/users/:id': { disabled: false },
};

onEachDatabase((kind) => {
  let world: World;
  let patientB: string;
  let planB: string;
  let patientA: string;
  let planA: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patientA = await createPatient(world, world.tokens.clinicianA);
    planA = await createPlan(world, world.tokens.clinicianA, patientA);
    patientB = await createPatient(world, world.tokens.clinicianB);
    planB = await createPlan(world, world.tokens.clinicianB, patientB);
  });
  afterAll(() => world.close());

  function apiRoutes() {
    return world.app.routeTable
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')
      .map((r) => ({ ...r, key: `${r.method} ${r.url}` }));
  }

  const fill = (url: string, patient: string, plan: string) =>
    url.replace(':planId', plan).replace(':id', patient);

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
          url: fill(route.url, patientA, planA),
          payload: BODIES[route.key],
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
          url: fill(route.url, patientA, planA),
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
          url: fill(route.url, patientB, planB),
          headers: bearer(world.tokens.clinicianA),
          payload: BODIES[route.key],
        });
        expect(response.statusCode, route.key).toBe(404);
        expectProblem(response, 404);
      }
    });

    it('the same requests succeed for the owning clinic (the 404s above are about tenancy)', async () => {
      for (const route of apiRoutes().filter((r) => r.url.startsWith('/api/patients/:id'))) {
        const response = await world.app.inject({
          method: route.method as 'GET',
          url: fill(route.url, patientB, planB),
          headers: bearer(world.tokens.clinicianB),
          payload: BODIES[route.key],
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
            payload: BODIES[route.key],
          });
          expectProblem(response, 403);
        }
    });
  });
});
