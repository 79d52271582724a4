import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '../src/api/schema';
import { sessionGuard } from '../src/api/sessionGuard';
import { SessionWatch } from '../src/api/sessionWatch';

/**
 * An expired session pauses the request that met it instead of failing it: the screen that sent
 * it (a planner with unsaved work) stays, and once the user has signed in again the request goes
 * again, body and all.
 */

interface Sent {
  method: string;
  path: string;
  body: string;
}

/** A server whose answers are scripted per request; records what was sent. */
function scriptedServer(answers: ((sent: Sent) => Response)[]) {
  const sent: Sent[] = [];
  // As a browser's fetch: called on anything but the global object (or nothing), it throws.
  async function fetch(this: unknown, input: Request): Promise<Response> {
    if (this !== undefined && this !== globalThis)
      throw new TypeError("Failed to execute 'fetch' on 'Window': Illegal invocation");
    const request = {
      method: input.method,
      path: new URL(input.url).pathname,
      body: await input.text(),
    };
    sent.push(request);
    const answer = answers.shift();
    if (!answer) throw new Error(`no answer scripted for ${request.method} ${request.path}`);
    return answer(request);
  }
  return { sent, fetch };
}

const problem = (status: number, code: string) => () =>
  new Response(JSON.stringify({ status, code, title: code, detail: code }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(session: SessionWatch, fetch: (input: Request) => Promise<Response>) {
  const api = createClient<paths>({ baseUrl: 'http://app.test', fetch });
  api.use(sessionGuard(session));
  return api;
}

const PATIENT = {
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1961-12-10',
  sex: 'female' as const,
  fitzpatrickType: 2,
  laxityGrade: 2.5,
};

/** Resolves once `session` has reached `state`. */
const reaches = (session: SessionWatch, state: string) =>
  new Promise<void>((resolve) => {
    if (session.state === state) resolve();
    const stop = session.subscribe(() => {
      if (session.state === state) {
        stop();
        resolve();
      }
    });
  });

describe('the session guard', () => {
  it('holds a write that met an expired session, and sends it again, unchanged, after sign-in', async () => {
    const session = new SessionWatch();
    session.signedIn();
    const server = scriptedServer([problem(401, 'unauthenticated'), json({ id: 'p1' }, 201)]);
    const api = client(session, server.fetch);
    const saving = api.POST('/api/patients', { body: PATIENT });
    await reaches(session, 'expired');
    expect(server.sent).toHaveLength(1);
    session.signedIn();
    const { data, error, response } = await saving;
    expect(response.status).toBe(201);
    expect(error).toBeUndefined();
    expect(data).toEqual({ id: 'p1' });
    expect(server.sent).toHaveLength(2);
    expect(server.sent[1]).toEqual(server.sent[0]);
    expect(JSON.parse(server.sent[1].body)).toEqual(PATIENT);
  });

  it('lets every request that met the expiry wait for the one sign-in', async () => {
    const session = new SessionWatch();
    session.signedIn();
    let changes = 0;
    session.subscribe(() => changes++);
    const server = scriptedServer([
      problem(401, 'unauthenticated'),
      problem(401, 'unauthenticated'),
      json({ items: [] }),
      json({ items: [] }),
    ]);
    const api = client(session, server.fetch);
    const path = { params: { path: { id: 'x' } } };
    const first = api.GET('/api/patients/{id}/plans', path);
    const second = api.GET('/api/patients/{id}/screenings', path);
    await reaches(session, 'expired');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(changes).toBe(1);
    session.signedIn();
    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
  });

  it('gives the 401 back when the user signs out instead', async () => {
    const session = new SessionWatch();
    session.signedIn();
    const server = scriptedServer([problem(401, 'unauthenticated')]);
    const api = client(session, server.fetch);
    const reading = api.GET('/api/clinic');
    await reaches(session, 'expired');
    session.signedOut();
    const { response, error } = await reading;
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ code: 'unauthenticated' });
    expect(server.sent).toHaveLength(1);
  });

  it("never holds GET /api/me's 401, in any state: it is the answer to who is signed in", async () => {
    for (const signIn of [false, true]) {
      const session = new SessionWatch();
      if (signIn) session.signedIn();
      const server = scriptedServer([problem(401, 'unauthenticated')]);
      const { response } = await client(session, server.fetch).GET('/api/me');
      expect(response.status).toBe(401);
      expect(session.state).toBe(signIn ? 'signed-in' : 'unknown');
    }
  });

  it("holds a 401 met before the page's first check has answered, without asking anyone to sign in", async () => {
    // A cold load asks for a screen's data beside GET /api/me (planner/routes.tsx).
    const session = new SessionWatch();
    let changes = 0;
    session.subscribe(() => changes++);
    const server = scriptedServer([
      problem(401, 'unauthenticated'),
      json({ id: 'p1', givenName: 'Ada' }),
    ]);
    const api = client(session, server.fetch);
    const reading = api.GET('/api/patients/{id}', { params: { path: { id: 'p1' } } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.sent).toHaveLength(1);
    expect(session.state).toBe('unknown');
    expect(changes).toBe(0);
    session.signedIn(); // the check said who is signed in: the request goes again
    const { response, data } = await reading;
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ id: 'p1' });
    expect(server.sent).toHaveLength(2);
  });

  it("gives that 401 back when the page's first check says nobody is signed in", async () => {
    const session = new SessionWatch();
    const server = scriptedServer([problem(401, 'unauthenticated')]);
    const api = client(session, server.fetch);
    const reading = api.GET('/api/patients/{id}', { params: { path: { id: 'p1' } } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    session.signedOut();
    const { response } = await reading;
    expect(response.status).toBe(401);
    expect(server.sent).toHaveLength(1);
    // Signed out, a 401 is the answer at once.
    const later = scriptedServer([problem(401, 'unauthenticated')]);
    const again = await client(session, later.fetch).GET('/api/patients/{id}', {
      params: { path: { id: 'p1' } },
    });
    expect(again.response.status).toBe(401);
  });

  it("never holds sign-in's or sign-out's own 401 (a wrong password is not an expired session)", async () => {
    const session = new SessionWatch();
    session.signedIn();
    const server = scriptedServer([
      problem(401, 'invalid-credentials'),
      problem(401, 'unauthenticated'),
    ]);
    const api = client(session, server.fetch);
    const login = await api.POST('/api/auth/login', { body: { email: 'a@b.c', password: 'x' } });
    expect(login.response.status).toBe(401);
    const logout = await api.POST('/api/auth/logout');
    expect(logout.response.status).toBe(401);
    expect(session.state).toBe('signed-in');
  });

  it('passes every other answer through untouched, refusals included', async () => {
    const session = new SessionWatch();
    session.signedIn();
    const server = scriptedServer([problem(404, 'not-found'), problem(422, 'validation')]);
    const api = client(session, server.fetch);
    const path = { params: { path: { id: 'x' } } };
    expect((await api.GET('/api/patients/{id}', path)).response.status).toBe(404);
    expect((await api.POST('/api/patients', { body: PATIENT })).response.status).toBe(422);
    expect(session.state).toBe('signed-in');
  });
});
