import { CANDIDACY_RULES } from '@microcore/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import {
  createPatient,
  createPlan,
  createSeries,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';

/** A body's `planId: "PLAN"` becomes the fixture plan's id (a valid plan reaches the core). */
function withPlan(payload: unknown, planId: string): unknown {
  if (payload && typeof payload === 'object' && (payload as { planId?: unknown }).planId === 'PLAN')
    return { ...payload, planId };
  return payload;
}

/**
 * Property-based fuzzing of every route's body, path and query: whatever a user sends, the server
 * never answers 5xx, and every refusal is problem+json; a 422 names the field it refuses.
 */
/** Values a user might send where a field is expected: wrong types, edge numbers, odd strings. */
const oddValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    '',
    ' ',
    '0',
    'NaN',
    '1970-13-45',
    '9999-01-01',
    '2000-02-30',
  ),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: -10, max: 100 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), {
    maxKeys: 3,
  }),
);
const fieldNames = [
  'givenName',
  'familyName',
  'birthDate',
  'sex',
  'fitzpatrickType',
  'laxityGrade',
  'email',
  'phone',
  'archived',
  'zones',
  'needle',
  'coverage',
  'bridgeMm',
  'pattern',
  'seed',
  'mode',
  'password',
  'role',
  'answers',
  'acknowledgements',
  'plannedTreatmentDate',
  'date',
  'planId',
  'startDate',
  'sessions',
  'intervalWeeks',
  'reason',
];
/** Checklist answers as a user might send them: some right, some missing, odd or unknown. */
const answersValue = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...CANDIDACY_RULES.checklist.map((q) => q.code)),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(fc.boolean(), oddValue),
  { maxKeys: 16 },
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...fieldNames), oddValue, { maxKeys: 8 }),
  fc.jsonValue({ maxDepth: 3 }),
  // Near-valid protocol bodies, so the core's own checks are reached, not only the schema's.
  fc.record(
    {
      answers: answersValue,
      acknowledgements: fc.oneof(
        fc.constant(['fitzpatrick-v-vi-not-studied']),
        fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
        oddValue,
      ),
      plannedTreatmentDate: oddValue,
      date: fc.oneof(fc.constantFrom('2026-01-15', '1961-12-09', '2099-01-01'), oddValue),
    },
    { requiredKeys: ['answers'] },
  ),
  fc.record(
    {
      planId: fc.oneof(fc.constant('PLAN'), fc.uuid(), oddValue),
      startDate: fc.oneof(fc.constantFrom('2027-01-04', '2028-02-29', '2027-02-29'), oddValue),
      sessions: fc.oneof(fc.integer({ min: -2, max: 10 }), oddValue),
      intervalWeeks: fc.oneof(fc.double({ min: -1, max: 60, noNaN: true }), fc.constant(30 / 7)),
      reason: fc.oneof(fc.constantFrom('', ' ', 'study protocol'), oddValue),
    },
    { requiredKeys: ['planId', 'startDate'] },
  ),
);
const pathSegment = fc.oneof(
  fc.constant('PATIENT'),
  fc.constant('PLAN'),
  fc.constant('SERIES'),
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('0', '-1', '..', '%00', 'null'),
);
const query = fc.dictionary(
  fc.constantFrom('query', 'page', 'includeArchived', 'x'),
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '0', '1e9', 'true', 'maybe')),
  { maxKeys: 3 },
);

function expectProblem(
  status: number,
  headers: Record<string, unknown>,
  text: string,
  what: string,
): void {
  expect(status, `${what} → ${status}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (status < 400) return;
  expect(String(headers['content-type']), what).toMatch(/application\/problem\+json/);
  const problem = JSON.parse(text);
  expect(problem, what).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
  });
  if (status === 422) {
    expect(
      Array.isArray(problem.errors) && problem.errors.length > 0,
      `${what}: 422 lists errors`,
    ).toBe(true);
    for (const e of problem.errors) {
      // The field as sent (a key may itself be the empty string) and a message about it.
      expect(typeof e.field, `${what}: names a field`).toBe('string');
      expect(String(e.message ?? '').length, `${what}: says what is wrong`).toBeGreaterThan(0);
    }
  }
}

onEachDatabase((kind) => {
  let world: World;
  let app: App;
  let token: string;
  let patientId: string;
  let planId: string;
  let seriesId: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    app = world.app;
    token = world.tokens.clinicianA;
    patientId = await createPatient(world, token);
    planId = await createPlan(world, token, patientId);
    seriesId = await createSeries(world, token, patientId, planId);
  }, 60_000);
  afterAll(() => world?.close());

  describe('fuzzing every route', () => {
    it('never answers 5xx; refusals are problem+json; 422 names the field', async () => {
      const routes = app.routeTable.filter(
        (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD',
      );
      expect(routes.length).toBeGreaterThan(8);
      for (const route of routes) {
        await fc.assert(
          fc.asyncProperty(
            body,
            pathSegment,
            pathSegment,
            query,
            fc.boolean(),
            async (payload, seg1, seg2, q, authorised) => {
              const fill = (s: string) =>
                s === 'PATIENT' ? patientId : s === 'PLAN' ? planId : s === 'SERIES' ? seriesId : s;
              let n = 0;
              const url = route.url.replace(/:[A-Za-z]+/g, () => fill(n++ === 0 ? seg1 : seg2));
              const search = new URLSearchParams(q as Record<string, string>).toString();
              const response = await app.inject({
                method: route.method as 'GET',
                url: search ? `${url}?${search}` : url,
                headers: authorised ? { authorization: `Bearer ${token}` } : {},
                ...(route.method === 'GET' || route.method === 'DELETE'
                  ? {}
                  : { payload: withPlan(payload, planId) as object }),
              });
              expectProblem(
                response.statusCode,
                response.headers,
                response.body,
                `${route.method} ${url}`,
              );
            },
          ),
          { numRuns: 80, seed: 42 },
        );
      }
    }, 300_000);

    it('refuses bodies that are not JSON, or too large, with problem+json', async () => {
      for (const [contentType, payload] of [
        ['application/json', '{"givenName": '],
        ['text/plain', 'hello'],
        ['application/json', `{"givenName":"${'x'.repeat(2_000_000)}"}`],
      ] as const) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/patients',
          headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
          payload,
        });
        expect(response.statusCode).toBeGreaterThanOrEqual(400);
        expectProblem(
          response.statusCode,
          response.headers,
          response.body,
          `POST /api/patients (${contentType})`,
        );
      }
    });
  });
});
