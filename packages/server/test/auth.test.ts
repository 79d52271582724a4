import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/auth/sessions.js';
import {
  bearer,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  type World,
} from './helpers.js';

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    // A short session cache, so the test below can wait it out.
    world = await makeWorld(kind, { sessionCacheSeconds: 0.3 });
  });
  afterAll(() => world.close());

  const login = (email: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  describe('login, logout, me', () => {
    it('login sets an httpOnly, SameSite=Lax, Path=/api cookie and returns the token', async () => {
      const response = await login('clinician@a.test', PASSWORD);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.user).toMatchObject({ email: 'clinician@a.test', role: 'clinician' });
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toContain(`microcore_session=${body.token}`);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\/api(;|$)/);
      expect(body).not.toHaveProperty('password');
      expect(response.body).not.toContain(PASSWORD);
    });

    it('the email is matched without regard to case', async () => {
      expect((await login('Clinician@A.test', PASSWORD)).statusCode).toBe(200);
    });

    it('the cookie alone and the bearer token alone both authenticate /api/me', async () => {
      const { token } = (await login('admin@a.test', PASSWORD)).json();
      const byCookie = await world.app.inject({
        method: 'GET',
        url: '/api/me',
        cookies: { microcore_session: token },
      });
      expect(byCookie.statusCode).toBe(200);
      expect(byCookie.json()).toMatchObject({
        email: 'admin@a.test',
        role: 'admin',
        clinicId: world.clinicA,
      });
      const byBearer = await world.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(token),
      });
      expect(byBearer.json().email).toBe('admin@a.test');
    });

    it('only the hash of a token is stored', async () => {
      const { token } = (await login('admin@a.test', PASSWORD)).json();
      const rows = await world.storage.db.selectFrom('sessions').select('token_hash').execute();
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
      expect(rows.some((r) => r.token_hash === hashToken(token))).toBe(true);
    });

    it('401 problem+json without credentials, with an unknown token, and after logout', async () => {
      expectProblem(await world.app.inject({ method: 'GET', url: '/api/me' }), 401);
      expectProblem(
        await world.app.inject({ method: 'GET', url: '/api/me', headers: bearer('nonsense') }),
        401,
      );
      const { token } = (await login('clinician@a.test', PASSWORD)).json();
      const out = await world.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: bearer(token),
      });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/microcore_session=;/);
      expectProblem(
        await world.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) }),
        401,
      );
    });

    it('a session expired or revoked in the database is refused once the cache time is out', async () => {
      const { token } = (await login('clinician@a.test', PASSWORD)).json();
      const me = () => world.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
      expect((await me()).statusCode).toBe(200);
      // As another server process would: behind this process's back.
      await world.storage.db
        .updateTable('sessions')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('token_hash', '=', hashToken(token))
        .execute();
      await new Promise((resolve) => setTimeout(resolve, 350));
      expectProblem(await me(), 401);
    });

    it('a cached session is not honoured past its own expiry', async () => {
      const short = await makeWorld(kind, { sessionHours: 0.5 / 3600, sessionCacheSeconds: 60 });
      try {
        const response = await short.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'clinician@a.test', password: PASSWORD },
        });
        const { token } = response.json();
        const me = () =>
          short.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
        expect((await me()).statusCode).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 600));
        expectProblem(await me(), 401);
      } finally {
        await short.close();
      }
    });

    it('sessions expire after the configured hours (12 by default)', async () => {
      const before = Date.now();
      const { expiresAt } = (await login('clinician@a.test', PASSWORD)).json();
      const hours = (Date.parse(expiresAt) - before) / 3600_000;
      expect(hours).toBeGreaterThan(11.99);
      expect(hours).toBeLessThan(12.01);
    });

    it('a wrong password and an unknown email get the same 401', async () => {
      const wrong = expectProblem(await login('admin@b.test', 'not the password'), 401);
      const unknown = expectProblem(await login('nobody@b.test', 'not the password'), 401);
      expect(wrong.detail).toBe(unknown.detail);
      expect(wrong.code).toBe('invalid-credentials');
    });

    it('422 naming the field for a malformed login body', async () => {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'admin@a.test' },
      });
      expect(expectProblem(response, 422).errors).toEqual([
        expect.objectContaining({ field: 'password' }),
      ]);
    });
  });

  describe('users of a clinic', () => {
    it('an admin lists only their own clinic', async () => {
      const response = await world.app.inject({
        method: 'GET',
        url: '/api/users',
        headers: bearer(world.tokens.adminA),
      });
      expect(response.statusCode).toBe(200);
      const emails = response.json().items.map((u: { email: string }) => u.email);
      expect(emails).toEqual(['admin@a.test', 'clinician@a.test', 'researcher@a.test']);
      expect(response.body).not.toContain('password');
      expect(response.body).not.toContain('scrypt');
    });

    it('an admin creates a user who can then sign in; an email of their own clinic is 409', async () => {
      const payload = {
        email: 'new@a.test',
        password: 'a long enough password',
        role: 'clinician',
      };
      const created = await world.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(world.tokens.adminA),
        payload,
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers.location).toBe(`/api/users/${created.json().id}`);
      expect((await login('new@a.test', payload.password)).json().user.clinicId).toBe(
        world.clinicA,
      );
      // Another clinic's admin is answered as for any new email (login.test.ts).
      const again = await world.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(world.tokens.adminA),
        payload: { ...payload, email: 'New@A.test' },
      });
      expectProblem(again, 409);
    });

    it('an admin disables a user: their sessions end at once and they cannot sign in; enabled, they can', async () => {
      const payload = {
        email: 'leaving@a.test',
        password: 'a long enough password',
        role: 'clinician',
      };
      const { id } = (
        await world.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: bearer(world.tokens.adminA),
          payload,
        })
      ).json();
      const { token } = (await login(payload.email, payload.password)).json();
      const me = () => world.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
      expect((await me()).statusCode).toBe(200); // now cached
      const patch = (body: object, as = world.tokens.adminA, userId = id) =>
        world.app.inject({
          method: 'PATCH',
          url: `/api/users/${userId}`,
          headers: bearer(as),
          payload: body,
        });
      const disabled = await patch({ disabled: true });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ id, disabled: true, role: 'clinician' });
      expectProblem(await me(), 401);
      // The same 401 as a wrong password: nothing says the account exists.
      expectProblem(await login(payload.email, payload.password), 401);
      expect((await patch({ disabled: false })).json().disabled).toBe(false);
      expect((await login(payload.email, payload.password)).statusCode).toBe(200);
    });

    it('a role change applies to the next request, even with the session cached', async () => {
      const payload = {
        email: 'promoted@a.test',
        password: 'a long enough password',
        role: 'researcher',
      };
      const { id } = (
        await world.app.inject({
          method: 'POST',
          url: '/api/users',
          headers: bearer(world.tokens.adminA),
          payload,
        })
      ).json();
      const { token } = (await login(payload.email, payload.password)).json();
      const patients = () =>
        world.app.inject({ method: 'GET', url: '/api/patients', headers: bearer(token) });
      expectProblem(await patients(), 403);
      const changed = await world.app.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: bearer(world.tokens.adminA),
        payload: { role: 'clinician' },
      });
      expect(changed.json().role).toBe('clinician');
      expect((await patients()).statusCode).toBe(200);
    });

    it("an admin cannot change themselves (409), another clinic's user (404) or send nothing (422)", async () => {
      const me = (
        await world.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: bearer(world.tokens.adminA),
        })
      ).json();
      const patch = (userId: string, body: object, as = world.tokens.adminA) =>
        world.app.inject({
          method: 'PATCH',
          url: `/api/users/${userId}`,
          headers: bearer(as),
          payload: body,
        });
      expectProblem(await patch(me.id, { disabled: true }), 409);
      expectProblem(await patch(me.id, { role: 'clinician' }), 409);
      const other = (
        await world.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: bearer(world.tokens.clinicianB),
        })
      ).json();
      expectProblem(await patch(other.id, { disabled: true }), 404);
      expectProblem(await patch('not-a-uuid', { disabled: true }), 404);
      expectProblem(await patch(other.id, {}, world.tokens.adminB), 422);
      expectProblem(await patch(other.id, { disabled: true }, world.tokens.clinicianA), 403);
      // clinicianB still works: nothing above changed them.
      expect(
        (
          await world.app.inject({
            method: 'GET',
            url: '/api/me',
            headers: bearer(world.tokens.clinicianB),
          })
        ).statusCode,
      ).toBe(200);
    });

    it('two admins demoting each other at once: one wins, the clinic keeps an enabled admin', async () => {
      const created = await world.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(world.tokens.adminB),
        payload: {
          email: 'second-admin@b.test',
          password: 'a long enough password',
          role: 'admin',
        },
      });
      expect(created.statusCode).toBe(201);
      const second = (await login('second-admin@b.test', 'a long enough password')).json();
      const first = (
        await world.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: bearer(world.tokens.adminB),
        })
      ).json();
      const demote = (token: string, userId: string) =>
        world.app.inject({
          method: 'PATCH',
          url: `/api/users/${userId}`,
          headers: bearer(token),
          payload: { role: 'clinician' },
        });
      const results = await Promise.all([
        demote(world.tokens.adminB, second.user.id),
        demote(second.token, first.id),
      ]);
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
      const admins = await world.storage.db
        .selectFrom('users')
        .select('id')
        .where('clinic_id', '=', first.clinicId)
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .execute();
      expect(admins.length).toBeGreaterThanOrEqual(1);
      // Put clinic B back as it was for the tests that follow.
      const winner = admins[0].id === first.id ? world.tokens.adminB : second.token;
      const loser = admins[0].id === first.id ? second.user.id : first.id;
      expect(
        (
          await world.app.inject({
            method: 'PATCH',
            url: `/api/users/${loser}`,
            headers: bearer(winner),
            payload: { role: 'admin' },
          })
        ).statusCode,
      ).toBe(200);
    });

    it('a short password is 422 naming the field', async () => {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: bearer(world.tokens.adminA),
        payload: { email: 'short@a.test', password: 'short', role: 'clinician' },
      });
      expect(expectProblem(response, 422).errors?.[0].field).toBe('password');
    });
  });
});
