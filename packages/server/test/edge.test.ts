import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  type World,
} from './helpers.js';

/**
 * The HTTP edge, tried as an attacker would: every spelling of every protected route's path must
 * meet the authentication (deny by default, decided on the matched route, not the raw URL), and
 * what Fastify's router or body parser refuses is problem+json like every other refusal.
 */

/** A path sent byte for byte over a real socket (fetch would normalise it first). */
function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: text,
        }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Other spellings of `path` that a router, a proxy or a browser might take for the same route. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const encodeFirst = (s: string) =>
    s.length === 0 ? s : `%${s.charCodeAt(0).toString(16).padStart(2, '0')}${s.slice(1)}`;
  const encodeAll = (s: string) =>
    [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return [
    `/${segments.map(encodeFirst).join('/')}`, // /%61pi/%70atients
    `/${encodeAll(segments[0] ?? '')}/${segments.slice(1).join('/')}`, // /%61%70%69/…
    `/${segments.join('%2F')}`, // one segment with encoded slashes
    `/${segments.join('/')}`.toUpperCase(),
    `/${segments.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('/')}`,
    `//${segments.join('/')}`,
    `/${segments.join('//')}`,
    `/${segments[0]}/./${segments.slice(1).join('/')}`,
    `/x/../${segments.join('/')}`,
    `/${segments[0]}/%2e/${segments.slice(1).join('/')}`,
    `/${segments.join('/')}/`,
    `/${segments.join('/')};x=1`,
    `/${segments.join('/')}%00`,
    `/${segments.join('/')}#frag`,
  ];
}

onEachDatabase((kind) => {
  let world: World;
  let port: number;
  let patient: string;
  beforeAll(async () => {
    world = await makeWorld(kind);
    patient = await createPatient(world, world.tokens.clinicianA);
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    port = (world.app.server.address() as AddressInfo).port;
  }, 60_000);
  afterAll(() => world?.close());

  const protectedRoutes = () =>
    world.app.routeTable.filter((r) => !r.public && r.method !== 'HEAD');

  describe('authentication cannot be side-stepped by how a path is spelt', () => {
    it('the path that answered 200 without a token is 401 now', async () => {
      const response = await send(port, 'GET', '/%61pi/screening/checklist');
      expect(response.status).toBe(401);
      expect(response.type).toMatch(/^application\/problem\+json/);
      // And the one that crashed with a 500.
      expect((await send(port, 'GET', '/%61pi/audit/verify')).status).toBe(401);
    });

    it('every protected route, in every spelling, is 401 or 404 without a token — never 2xx, 3xx or 5xx', async () => {
      const seen = new Map<number, number>();
      for (const route of protectedRoutes()) {
        const path = route.url.replace(/:[A-Za-z]+/g, patient);
        for (const spelling of [path, ...spellings(path)]) {
          const response = await send(
            port,
            route.method,
            spelling,
            {
              'content-type': 'application/json',
            },
            route.method === 'GET' ? undefined : '{}',
          );
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          expect([400, 401, 404], `${route.method} ${spelling}: ${response.body}`).toContain(
            response.status,
          );
          expect(response.type, `${route.method} ${spelling}`).toMatch(
            /^application\/problem\+json/,
          );
          expect(response.body).not.toContain(world.clinicA);
        }
      }
      // The router decodes what it can: many spellings reach the route and meet the 401.
      expect(seen.get(401) ?? 0).toBeGreaterThan(protectedRoutes().length * 2);
    });

    it('a signed-in user reaches a route through a decoded spelling only as themselves', async () => {
      const response = await send(port, 'GET', `/%61pi/patients/${patient}`, {
        ...bearer(world.tokens.researcherA),
      });
      expect(response.status).toBe(403);
    });
  });

  describe('one spelling of an id', () => {
    const me = async (token: string) =>
      (await world.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).json();

    it('an admin cannot disable themselves by writing their own id in upper case', async () => {
      const admin = await me(world.tokens.adminA);
      for (const spelling of [admin.id, admin.id.toUpperCase()]) {
        const response = await world.app.inject({
          method: 'PATCH',
          url: `/api/users/${spelling}`,
          headers: bearer(world.tokens.adminA),
          payload: { disabled: true },
        });
        expectProblem(response, 409);
      }
      expect((await me(world.tokens.adminA)).id).toBe(admin.id); // still signed in, still admin
    });

    it('a user disabled through an upper-case id loses their session at once (no cached answer)', async () => {
      const researcher = await me(world.tokens.researcherA);
      expect(researcher.role).toBe('researcher'); // cached now by this process
      const response = await world.app.inject({
        method: 'PATCH',
        url: `/api/users/${researcher.id.toUpperCase()}`,
        headers: bearer(world.tokens.adminA),
        payload: { disabled: true },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().id).toBe(researcher.id);
      const after = await world.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(world.tokens.researcherA),
      });
      expectProblem(after, 401);
    });
  });

  describe('refusals of the router and the body parser are problem+json', () => {
    it('a JSON body nested 5,000 deep is 400, not 500', async () => {
      const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'application/json' },
        payload: `{"givenName":${deep}}`,
      });
      const problem = expectProblem(response, 400);
      expect(problem.detail).toMatch(/nested/);
    });

    it('a body just within the nesting limit is parsed (and refused by the schema, 422)', async () => {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'application/json' },
        payload: `{"givenName":${'['.repeat(30)}${']'.repeat(30)}}`,
      });
      expectProblem(response, 422);
    });

    it('brackets inside strings do not count as nesting', async () => {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/patients',
        headers: { ...bearer(world.tokens.clinicianA), 'content-type': 'application/json' },
        payload: JSON.stringify({ givenName: '['.repeat(100), familyName: '{"\\'.repeat(50) }),
      });
      expectProblem(response, 422); // the other fields are missing, the body itself parsed
    });

    it('a path segment longer than any id is 414 problem+json', async () => {
      const response = await send(port, 'GET', `/api/patients/${'a'.repeat(300)}`, {
        ...bearer(world.tokens.clinicianA),
      });
      expect(response.status).toBe(414);
      expect(response.type).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.body)).toMatchObject({ status: 414, code: 'uri-too-long' });
    });

    it('a path that does not decode is 400 problem+json', async () => {
      const response = await send(port, 'GET', '/api/patients/%zz', {
        ...bearer(world.tokens.clinicianA),
      });
      expect([400, 404]).toContain(response.status);
      expect(response.type).toMatch(/^application\/problem\+json/);
    });
  });
});
