import { DEFAULT_TEMPLATE, planTreatment } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPlanInput } from '../src/records/plan.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PLAN_REQUEST,
  type World,
} from './helpers.js';

/** Every zone of the face template. */
const ALL_ZONES = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

onEachDatabase((kind) => {
  let world: World;
  let patientId: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patientId = await createPatient(world, world.tokens.clinicianA);
  });
  afterAll(() => world.close());

  const postPlan = (payload: unknown, id = patientId, token = world.tokens.clinicianA) =>
    world.app.inject({
      method: 'POST',
      url: `/api/patients/${id}/plans`,
      headers: bearer(token),
      payload: payload as object,
    });

  const getJson = async (url: string) => {
    const response = await world.app.inject({
      method: 'GET',
      url,
      headers: bearer(world.tokens.clinicianA),
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  describe('plans', () => {
    it('stores and returns exactly what planTreatment gives for the same input', async () => {
      const request = { ...PLAN_REQUEST, pattern: 'fields', bridgeMm: 0.5 };
      const created = await postPlan(request);
      expect(created.statusCode).toBe(201);
      const body = created.json();
      expect(created.headers.location).toBe(`/api/patients/${patientId}/plans/${body.id}`);
      const expected = planTreatment({
        zones: ['submental'],
        needle: '23G',
        coverageFraction: 0.05,
        seed: 7,
        pattern: 'fields',
        bridgeMm: 0.5,
      });
      expect(body.plan).toEqual(expected);
      expect(body.input).toEqual(request);
      const read = await world.app.inject({
        method: 'GET',
        url: created.headers.location as string,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(read.statusCode).toBe(200);
      expect(read.json().plan).toEqual(expected);
      expect(read.json().input).toEqual(request);
    });

    it('coverage is a percentage (6 → 0.06), per zone too', () => {
      expect(toPlanInput({ coverage: 6, zoneCoverage: { submental: 7 } })).toMatchObject({
        coverageFraction: 0.06,
        zoneCoverageFraction: { submental: 0.07 },
      });
    });

    it('the list gives summaries without the cores, newest first', async () => {
      const other = await createPatient(world, world.tokens.clinicianA);
      const first = (await postPlan({ ...PLAN_REQUEST, seed: 1 }, other)).json();
      const second = (await postPlan({ ...PLAN_REQUEST, seed: 2, coverage: 6 }, other)).json();
      const response = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${other}/plans`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json().items;
      expect(items.map((p: { id: string }) => p.id)).toEqual([second.id, first.id]);
      expect(items[0]).toMatchObject({
        mode: 'clinical',
        needle: '23G',
        coverageTarget: 0.06,
        zones: ['submental'],
        totals: second.plan.totals,
        warnings: second.plan.warnings.length,
      });
      // Summaries: zone ids only, no polygons and no core coordinates.
      expect(response.body).not.toContain('"polygon"');
      expect(response.body.length).toBeLessThan(JSON.stringify(second.plan).length / 10);
    });

    const refused: [string, Record<string, unknown>, string, RegExp][] = [
      ['an unknown zone', { zones: ['forehead'] }, 'zones', /unknown zone "forehead"/],
      [
        'a needle at the scar threshold',
        { needle: '21G' },
        'needle',
        /scar threshold; choose 22G or finer/,
      ],
      ['an unknown gauge', { needle: '99G' }, 'needle', /unknown needle gauge/],
      [
        'coverage outside the clinical range',
        { coverage: 12 },
        'coverage',
        /outside the clinical range/,
      ],
      ['a bridge thinner than a core', { bridgeMm: 0.01 }, 'bridgeMm', /minimum skin bridge/],
      [
        'per-zone coverage for an unplanned zone',
        { zoneCoverage: { 'cheek-left': 5 } },
        'zoneCoverage.cheek-left',
        /not among the planned zones/,
      ],
    ];
    for (const [what, change, field, message] of refused) {
      it(`422 with the core's message and field for ${what}`, async () => {
        const problem = expectProblem(await postPlan({ ...PLAN_REQUEST, ...change }), 422);
        expect(problem.errors?.[0].field).toBe(field);
        expect(problem.detail).toMatch(message);
        expect(problem.errors?.[0].message).toMatch(message);
      });
    }

    const invalid: [string, Record<string, unknown>, string][] = [
      ['a wrong type', { coverage: '6' }, 'coverage'],
      ['an unknown pattern', { pattern: 'grid' }, 'pattern'],
      ['a negative seed', { seed: -1 }, 'seed'],
      ['a fractional seed', { seed: 1.5 }, 'seed'],
      ['an empty zone list', { zones: [] }, 'zones'],
      ['a non-string zone', { zones: ['submental', 3] }, 'zones[1]'],
      ['an unknown field', { template: {} }, 'template'],
    ];
    for (const [what, change, field] of invalid) {
      it(`422 naming ${field} for ${what}`, async () => {
        const problem = expectProblem(await postPlan({ ...PLAN_REQUEST, ...change }), 422);
        expect(problem.errors?.map((e) => e.field)).toContain(field);
      });
    }

    it('an archived patient cannot be planned (409); restored, they can', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const patch = (archived: boolean) =>
        world.app.inject({
          method: 'PATCH',
          url: `/api/patients/${id}`,
          headers: bearer(world.tokens.clinicianA),
          payload: { archived },
        });
      await patch(true);
      expectProblem(await postPlan(PLAN_REQUEST, id), 409);
      await patch(false);
      expect((await postPlan(PLAN_REQUEST, id)).statusCode).toBe(201);
    });

    it('a plan too large for one request (research, 27G at 40 %) is 422 naming coverage, before any planning', async () => {
      const other = await createPatient(world, world.tokens.clinicianA);
      const problem = expectProblem(
        await postPlan({ mode: 'research', needle: '27G', coverage: 40 }, other),
        422,
      );
      expect(problem.errors?.[0]?.field).toBe('coverage');
      expect(problem.detail).toContain('more than the 100000 one plan may hold');
      expect(problem.detail).toContain('lower the coverage');
      expect(world.app.planner.inFlight).toBe(0);
      const list = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${other}/plans`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(list.json().items).toEqual([]);
    });

    it('while a large plan is computed in a planner thread, another request is answered first', async () => {
      // The largest clinical plan: 27G at 8 % over all seven zones, seconds of planning.
      const largest = { zones: ALL_ZONES, needle: '27G', coverage: 8 };
      let planAnswered = false;
      const plan = postPlan(largest).then((response) => {
        planAnswered = true;
        return response;
      });
      while (world.app.planner.inFlight === 0 && !planAnswered)
        await new Promise((resolve) => setImmediate(resolve));
      const me = await world.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(world.tokens.clinicianA),
      });
      expect(me.statusCode).toBe(200);
      expect(planAnswered).toBe(false);
      expect(world.app.planner.inFlight).toBe(1);
      const created = await plan;
      expect(created.statusCode).toBe(201);
      expect(created.json().plan.totals.cores).toBe(58_466);
      // Stored as a head and 58,466 cores in bytes (records/planCores.ts): read back the same.
      const read = await getJson(created.headers.location as string);
      expect(read).toEqual(created.json());
    });

    const kinds: [string, Record<string, unknown>][] = [
      ['two zones, fields pattern', { zones: ['cheek-left', 'submental'], pattern: 'fields' }],
      [
        'every zone, 25G, per-zone coverage',
        { zones: ALL_ZONES, needle: '25G', coverage: 5, zoneCoverage: { submental: 7 } },
      ],
      [
        'research mode, 27G at 30 %, 0.05 mm bridge',
        { mode: 'research', zones: ['submental'], needle: '27G', coverage: 30, bridgeMm: 0.05 },
      ],
    ];
    for (const [what, request] of kinds) {
      it(`reads a stored plan back deep-equal to what its POST answered (${what})`, async () => {
        const created = await postPlan({ ...request, seed: 11 });
        expect(created.statusCode).toBe(201);
        const read = await getJson(created.headers.location as string);
        expect(read).toEqual(created.json());
        expect(read.plan.zones.map((z: { cores: unknown[] }) => z.cores.length)).toEqual(
          read.plan.zones.map((z: { coreCount: number }) => z.coreCount),
        );
      });
    }

    it("another clinic's plan id under one's own patient is 404", async () => {
      const patientB = await createPatient(world, world.tokens.clinicianB);
      const planB = (await postPlan(PLAN_REQUEST, patientB, world.tokens.clinicianB)).json().id;
      const response = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${patientId}/plans/${planB}`,
        headers: bearer(world.tokens.clinicianA),
      });
      expectProblem(response, 404);
      expect(response.body).not.toContain('"polygon"');
    });
  });
  it('closing the app ends its planner threads (none is left to hold the process)', async () => {
    const own = await makeWorld(kind);
    const patient = await createPatient(own, own.tokens.clinicianA);
    const created = await own.app.inject({
      method: 'POST',
      url: `/api/patients/${patient}/plans`,
      headers: bearer(own.tokens.clinicianA),
      payload: PLAN_REQUEST,
    });
    expect(created.statusCode).toBe(201);
    expect(own.app.planner.threadsAlive).toBe(1);
    await own.close();
    expect(own.app.planner.threadsAlive).toBe(0);
  });
});
