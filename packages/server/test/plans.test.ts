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

    it("keeps the exclusions and landmarks: the stored plan is the core's for the scaled chart", async () => {
      const mole = [
        [-4, -20],
        [4, -20],
        [4, -12],
        [-4, -12],
      ];
      const scar = [
        [10, -40],
        [30, -30],
        [29, -28],
        [9, -38],
      ];
      const request = {
        ...PLAN_REQUEST,
        landmarks: { bizygomaticWidthMm: 140, lowerFaceHeightMm: 66 },
        exclusions: [
          { kind: 'mole', polygon: mole },
          { kind: 'scar', polygon: scar },
        ],
      };
      const created = await postPlan(request);
      expect(created.statusCode).toBe(201);
      const expected = planTreatment({
        zones: ['submental'],
        needle: '23G',
        coverageFraction: 0.05,
        seed: 7,
        scale: { x: 140 / 133, y: 66 / 70 },
        exclusions: [mole, scar] as [number, number][][],
      });
      const body = created.json();
      expect(body.plan).toEqual(expected);
      expect(body.plan.zones[0].exclusions).toHaveLength(2);
      expect(body.plan.totals.cores).toBeLessThan(
        planTreatment({ ...toPlanInput(PLAN_REQUEST), scale: { x: 140 / 133, y: 66 / 70 } }).totals
          .cores,
      );
      const read = await world.app.inject({
        method: 'GET',
        url: created.headers.location as string,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(read.json().input).toEqual(request);
      expect(read.json().plan).toEqual(expected);
    });

    it('a plan keeps who made it: the POST, the read and the list name the same user', async () => {
      const me = await getJson('/api/me');
      const created = await postPlan({ ...PLAN_REQUEST, seed: 3 });
      expect(created.statusCode).toBe(201);
      const author = { id: me.id, email: 'clinician@a.test' };
      expect(created.json().createdBy).toEqual(author);
      expect((await getJson(created.headers.location as string)).createdBy).toEqual(author);
      const listed = (await getJson(`/api/patients/${patientId}/plans`)).items.find(
        (p: { id: string }) => p.id === created.json().id,
      );
      expect(listed.createdBy).toEqual(author);
      // Another clinician of the clinic reading it sees the author, not themselves.
      const admin = await world.app.inject({
        method: 'GET',
        url: created.headers.location as string,
        headers: bearer(world.tokens.adminA),
      });
      expect(admin.json().createdBy).toEqual(author);
    });

    it('a plan stored before plans kept their author reads with createdBy null', async () => {
      const created = (await postPlan({ ...PLAN_REQUEST, seed: 4 })).json();
      await world.storage.db
        .updateTable('plans')
        .set({ created_by: null })
        .where('id', '=', created.id)
        .execute();
      expect((await getJson(`/api/patients/${patientId}/plans/${created.id}`)).createdBy).toBe(
        null,
      );
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
      [
        'a concave exclusion',
        {
          exclusions: [
            {
              kind: 'scar',
              polygon: [
                [0, -30],
                [10, -30],
                [5, -28],
                [5, -20],
              ],
            },
          ],
        },
        'exclusions[0]',
        /not convex/,
      ],
      [
        'overlapping exclusions',
        {
          exclusions: [
            {
              kind: 'mole',
              polygon: [
                [0, -30],
                [6, -30],
                [6, -24],
              ],
            },
            {
              kind: 'filler',
              polygon: [
                [2, -30],
                [8, -30],
                [8, -24],
              ],
            },
          ],
        },
        'exclusions[1]',
        /overlaps exclusion 1/,
      ],
      [
        'a landmark far outside the template',
        { landmarks: { bizygomaticWidthMm: 1330 } },
        'landmarks',
        /outside 0.6–1.6; check the measurement units/,
      ],
      ['no landmark at all', { landmarks: {} }, 'landmarks', /at least one landmark/],
      [
        'a densest square centimetre above the 8 % ceiling',
        { coverage: 8, needle: '22G' },
        'coverage',
        /10 × 10 mm square from \(-?[\d.]+, -?[\d.]+\) to .* above the 8 % that no square centimetre may exceed/,
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
      [
        'an exclusion of an unknown kind',
        {
          exclusions: [
            {
              kind: 'tattoo',
              polygon: [
                [0, 0],
                [1, 0],
                [0, 1],
              ],
            },
          ],
        },
        'exclusions[0].kind',
      ],
      [
        'an exclusion of two points',
        {
          exclusions: [
            {
              kind: 'mole',
              polygon: [
                [0, 0],
                [1, 0],
              ],
            },
          ],
        },
        'exclusions[0].polygon',
      ],
      [
        'an exclusion point of three numbers',
        {
          exclusions: [
            {
              kind: 'mole',
              polygon: [
                [0, 0, 0],
                [1, 0],
                [0, 1],
              ],
            },
          ],
        },
        'exclusions[0].polygon[0]',
      ],
      [
        'a landmark in text',
        { landmarks: { lowerFaceHeightMm: '70' } },
        'landmarks.lowerFaceHeightMm',
      ],
      ['an unknown landmark', { landmarks: { noseMm: 50 } }, 'landmarks.noseMm'],
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
      // The largest plan of clinical settings: 27G at 8 % over all seven zones, seconds of
      // planning. Clinical mode refuses it since its densest square centimetre may lose more
      // than 8 % (core docs/planner.md); research mode plans the same cores.
      const largest = { zones: ALL_ZONES, needle: '27G', coverage: 8, mode: 'research' };
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
        { zones: ALL_ZONES, needle: '25G', coverage: 5, zoneCoverage: { submental: 5.5 } },
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
