import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
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
    world = await makeWorld(kind, { bodyLimitBytes: 64 * 1024 });
  });
  afterAll(() => world.close());

  const postRaw = (body: string, contentType: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/patients',
      headers: { ...bearer(world.tokens.clinicianA), 'content-type': contentType },
      payload: body,
    });

  describe('refusals are problem+json, never a 5xx', () => {
    it('malformed JSON → 400', async () => {
      const problem = expectProblem(await postRaw('{"givenName": ', 'application/json'), 400);
      expect(problem.type).toBe('https://microcore.dev/problems/malformed-body');
    });

    it('a JSON array or scalar instead of an object → 422', async () => {
      expectProblem(await postRaw('[1,2]', 'application/json'), 422);
      expectProblem(await postRaw('42', 'application/json'), 422);
    });

    it('a prototype-pollution key is refused, not merged', async () => {
      const response = await postRaw(
        JSON.stringify({ ...PATIENT }).replace('{', '{"__proto__":{"x":1},'),
        'application/json',
      );
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    });

    it('a wrong content type → 415', async () => {
      const problem = expectProblem(
        await postRaw('givenName=Ada', 'application/x-www-form-urlencoded'),
        415,
      );
      expect(problem.type).toBe('https://microcore.dev/problems/unsupported-media-type');
    });

    it('a huge body → 413', async () => {
      const huge = JSON.stringify({ ...PATIENT, givenName: 'x'.repeat(100 * 1024) });
      expectProblem(await postRaw(huge, 'application/json'), 413);
    });

    it('an unknown route → 404 problem+json', async () => {
      const response = await world.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(expectProblem(response, 404).title).toBe('Not found');
    });

    it('no stack trace in any problem', async () => {
      const response = await postRaw('{"givenName": ', 'application/json');
      expect(response.body).not.toMatch(/\bat .+\.(js|ts):\d+/);
      expect(response.body).not.toContain('stack');
    });
  });

  describe('OpenAPI and docs', () => {
    it('/api/openapi.json describes the routes and needs no session', async () => {
      const response = await world.app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const doc = response.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/patients',
          '/api/patients/{id}',
          '/api/patients/{id}/plans/{planId}',
        ]),
      );
      const create = doc.paths['/api/patients'].post;
      const schema = create.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(
        expect.arrayContaining(['givenName', 'birthDate', 'fitzpatrickType']),
      );
      expect(schema.properties.fitzpatrickType).toMatchObject({ minimum: 1, maximum: 6 });
    });

    it('/api/docs serves the interactive docs from bundled assets', async () => {
      const page = await world.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('swagger');
      const script = await world.app.inject({
        method: 'GET',
        url: '/api/docs/static/swagger-ui-bundle.js',
      });
      expect(script.statusCode).toBe(200);
      expect(script.body.length).toBeGreaterThan(100_000);
    });
  });

  describe('logs', () => {
    it('carry no names, birth dates, contact data, passwords or tokens', async () => {
      world.logs.length = 0;
      const secret = {
        ...PATIENT,
        givenName: 'Zenobia',
        familyName: 'Quaxleworth',
        email: 'zq@example.org',
        phone: '+1 555 0199',
        birthDate: '1977-07-17',
      };
      const login = await world.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'clinician@a.test', password: PASSWORD },
      });
      const token = login.json().token as string;
      await world.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'clinician@a.test', password: 'a wrong password' },
      });
      const id = await createPatient(world, token, secret);
      await world.app.inject({
        method: 'GET',
        url: `/api/patients?query=${secret.familyName}`,
        headers: bearer(token),
      });
      await world.app.inject({
        method: 'GET',
        url: `/api/patients/${id}`,
        headers: { cookie: `microcore_session=${token}` },
      });
      await world.app.inject({
        method: 'PATCH',
        url: `/api/patients/${id}`,
        headers: bearer(token),
        payload: { email: 'not an email' },
      });
      const text = world.logs.join('');
      // The capture works: the requests were logged.
      expect(text).toContain('/api/patients');
      expect(text).toContain(id);
      for (const value of [
        secret.givenName,
        secret.familyName,
        secret.email,
        secret.phone,
        secret.birthDate,
        PASSWORD,
        'a wrong password',
        token,
        'not an email',
      ])
        expect(text, value).not.toContain(value);
    });
  });
});
