import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PATIENT,
  type World,
} from './helpers.js';

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind);
  });
  afterAll(() => world.close());

  const post = (payload: unknown, token = world.tokens.clinicianA) =>
    world.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: bearer(token),
      payload: payload as object,
    });

  describe('POST /api/patients', () => {
    it('201 with Location and the patient, which reads back the same', async () => {
      const response = await post(PATIENT);
      expect(response.statusCode).toBe(201);
      const patient = response.json();
      expect(patient.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.location).toBe(`/api/patients/${patient.id}`);
      expect(patient).toMatchObject({
        ...PATIENT,
        archived: false,
        archivedAt: null,
        synthetic: false,
      });
      const read = await world.app.inject({
        method: 'GET',
        url: response.headers.location as string,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(read.json()).toEqual(patient);
    });

    it('email and phone are optional', async () => {
      const { email: _e, phone: _p, ...rest } = PATIENT;
      const response = await post(rest);
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ email: null, phone: null });
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ['missing', { givenName: undefined }, 'givenName'],
      ['empty', { familyName: '  ' }, 'familyName'],
      ['wrong type', { fitzpatrickType: 'II' }, 'fitzpatrickType'],
      ['out of range (7)', { fitzpatrickType: 7 }, 'fitzpatrickType'],
      ['out of range (0)', { fitzpatrickType: 0 }, 'fitzpatrickType'],
      ['not a whole type', { fitzpatrickType: 2.5 }, 'fitzpatrickType'],
      ['laxity not a half step', { laxityGrade: 1.3 }, 'laxityGrade'],
      ['laxity above 4', { laxityGrade: 4.5 }, 'laxityGrade'],
      ['laxity below 0', { laxityGrade: -0.5 }, 'laxityGrade'],
      ['birth date in the future', { birthDate: '2999-01-01' }, 'birthDate'],
      ['birth date not a calendar date', { birthDate: '1990-02-30' }, 'birthDate'],
      ['birth date not ISO', { birthDate: '10/12/1961' }, 'birthDate'],
      ['birth date implausibly old', { birthDate: '1850-01-01' }, 'birthDate'],
      ['unknown sex', { sex: 'x' }, 'sex'],
      ['bad email', { email: 'not-an-email' }, 'email'],
      ['bad phone', { phone: 'call me' }, 'phone'],
      ['unknown field', { shoeSize: 42 }, 'shoeSize'],
    ];
    for (const [what, change, field] of bad) {
      it(`422 naming ${field} when ${what}`, async () => {
        const problem = expectProblem(await post({ ...PATIENT, ...change }), 422);
        expect(problem.type).toBe('https://microcore.dev/problems/validation');
        expect(problem.errors?.map((e) => e.field)).toEqual([field]);
      });
    }

    it('nothing is stored for a refused body', async () => {
      const before = await world.storage.db.selectFrom('patients').select('id').execute();
      await post({ ...PATIENT, fitzpatrickType: 9 });
      const after = await world.storage.db.selectFrom('patients').select('id').execute();
      expect(after.length).toBe(before.length);
    });
  });

  describe('GET /api/patients (search, pages, archive)', () => {
    let ids: string[];
    beforeAll(async () => {
      ids = [];
      for (const [given, family] of [
        ['Grace', 'Hopper'],
        ['Hedy', 'Lamarr'],
        ['Katherine', 'Johnson'],
        ['Grace', 'Murray'],
      ]) {
        ids.push(
          await createPatient(world, world.tokens.clinicianB, {
            ...PATIENT,
            givenName: given,
            familyName: family,
          }),
        );
      }
    });
    const list = (query: string, token = world.tokens.clinicianB) =>
      world.app.inject({ method: 'GET', url: `/api/patients${query}`, headers: bearer(token) });

    it('finds by part of either name, case-insensitively', async () => {
      const names = (await list('?query=grace'))
        .json()
        .items.map((p: { familyName: string }) => p.familyName);
      expect(names).toEqual(['Hopper', 'Murray']);
      const both = (await list('?query=GRACE%20hop')).json();
      expect(both.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Hopper']);
      expect((await list('?query=%25')).json().total).toBe(0);
    });

    it('pages', async () => {
      const first = (await list('?pageSize=3')).json();
      const second = (await list('?pageSize=3&page=2')).json();
      expect(first.total).toBe(4);
      expect(first.items).toHaveLength(3);
      expect(second.items).toHaveLength(1);
      expect(new Set([...first.items, ...second.items].map((p: { id: string }) => p.id))).toEqual(
        new Set(ids),
      );
    });

    it('a bad page is 422 naming the field', async () => {
      expect(expectProblem(await list('?page=0'), 422).errors?.[0].field).toBe('page');
      expect(expectProblem(await list('?page=abc'), 422).errors?.[0].field).toBe('page');
      expect(expectProblem(await list('?includeArchived=maybe'), 422).errors?.[0].field).toBe(
        'includeArchived',
      );
    });

    it('archive instead of delete: hidden from the list unless asked, still readable, restorable', async () => {
      const id = ids[1];
      const patch = (archived: boolean) =>
        world.app.inject({
          method: 'PATCH',
          url: `/api/patients/${id}`,
          headers: bearer(world.tokens.clinicianB),
          payload: { archived },
        });
      const archived = await patch(true);
      expect(archived.statusCode).toBe(200);
      expect(archived.json()).toMatchObject({ archived: true, familyName: 'Lamarr' });
      expect(archived.json().archivedAt).not.toBeNull();
      expect((await list('')).json().items.map((p: { id: string }) => p.id)).not.toContain(id);
      expect(
        (await list('?includeArchived=true')).json().items.map((p: { id: string }) => p.id),
      ).toContain(id);
      expect((await list(`/${id}`)).json().archived).toBe(true);
      const row = await world.storage.db
        .selectFrom('patients')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      expect(row).toBeDefined();
      expect((await patch(false)).json()).toMatchObject({ archived: false, archivedAt: null });
      expect((await list('')).json().items.map((p: { id: string }) => p.id)).toContain(id);
    });

    it('there is no DELETE route', async () => {
      const response = await world.app.inject({
        method: 'DELETE',
        url: `/api/patients/${ids[0]}`,
        headers: bearer(world.tokens.clinicianB),
      });
      expectProblem(response, 404);
    });
  });

  describe('PATCH /api/patients/{id}', () => {
    it('changes only the given fields; null clears contact data', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const response = await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { laxityGrade: 3, phone: null },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ ...PATIENT, laxityGrade: 3, phone: null });
      expect(Date.parse(response.json().updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(response.json().createdAt),
      );
    });

    it('422 naming the field for a bad change', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const response = await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
        payload: { archived: 'yes' },
      });
      expect(expectProblem(response, 422).errors?.[0].field).toBe('archived');
    });
  });

  describe('tenancy and roles', () => {
    it("another clinic's patient is 404 to read, patch, and plan; unchanged afterwards", async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const asB = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
        world.app.inject({ method, url, headers: bearer(world.tokens.clinicianB), payload });
      expectProblem(await asB('GET', `/api/patients/${id}`), 404);
      expectProblem(await asB('PATCH', `/api/patients/${id}`, { familyName: 'Changed' }), 404);
      expectProblem(await asB('POST', `/api/patients/${id}/plans`, { zones: ['submental'] }), 404);
      expectProblem(await asB('GET', `/api/patients/${id}/plans`), 404);
      const mine = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.clinicianA),
      });
      expect(mine.json().familyName).toBe(PATIENT.familyName);
      const listB = await asB('GET', '/api/patients?pageSize=100');
      expect(listB.json().items.map((p: { id: string }) => p.id)).not.toContain(id);
    });

    it('an unknown or malformed id is 404', async () => {
      const get = (id: string) =>
        world.app.inject({
          method: 'GET',
          url: `/api/patients/${id}`,
          headers: bearer(world.tokens.clinicianA),
        });
      expectProblem(await get('00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await get('not-a-uuid'), 404);
      expectProblem(await get("1'%20or%201=1"), 404);
    });

    it('an admin may read patients but not write them; a researcher neither', async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      const read = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.adminA),
      });
      expect(read.statusCode).toBe(200);
      expectProblem(await post(PATIENT, world.tokens.adminA), 403);
      expectProblem(await post(PATIENT, world.tokens.researcherA), 403);
      const researcher = await world.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        headers: bearer(world.tokens.researcherA),
      });
      expect(researcher.body).not.toContain(PATIENT.familyName);
      expectProblem(researcher, 403);
    });
  });
});
