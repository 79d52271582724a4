import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasswordStrength } from '../src/auth/passwordStrength.js';
import { admit, type Counters, FRESH, succeeded } from '../src/auth/throttle.js';
import {
  backoffSeconds,
  SIGN_IN_THROTTLE,
  type SignInThrottlePolicy,
} from '../src/auth/throttlePolicy.js';
import { accountKeyOf } from '../src/auth/throttleStore.js';
import { ConfigError, configFromEnv } from '../src/config.js';
import {
  bearer,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  type World,
} from './helpers.js';

/**
 * Sign-in: the throttle (per account, per client, atomic, growing waits, the owner still gets
 * in), the admin's unlock, the audit of every sign-in and user change, the password policy and
 * an email held by another clinic.
 *
 * The waits here are long (a minute and up) so that no burst of requests can outlast one on a
 * slow machine; time passes by moving the throttle's timestamps back (`elapse`), never by waiting.
 */
const POLICY: SignInThrottlePolicy = {
  account: { freeFailures: 3, firstDelaySeconds: 60, maxDelaySeconds: 240, lockAfterFailures: 8 },
  client: {
    freeFailures: 6,
    firstDelaySeconds: 60,
    maxDelaySeconds: 900,
    forgetAfterSeconds: 3600,
  },
  knownClientDays: 30,
  keepDays: 30,
};

describe('the throttle policy (pure)', () => {
  it('the default waits double from 1 s after 5 failures and stop at 5 min; the client stops at 15 min', () => {
    const waits = [4, 5, 6, 7, 13, 14, 50].map((n) => backoffSeconds(n, SIGN_IN_THROTTLE.account));
    expect(waits).toEqual([0, 1, 2, 4, 256, 300, 300]);
    expect(backoffSeconds(1000, SIGN_IN_THROTTLE.client)).toBe(900);
  });

  it('no more than 100 consecutive failures on one account (NIST SP 800-63B §5.2.2), however long the attacker waits', () => {
    let rows: Counters = { client: FRESH, account: FRESH, pair: FRESH };
    let now = new Date('2026-01-01T00:00:00Z');
    let evaluated = 0;
    for (let attempt = 0; attempt < 500; attempt++) {
      // A new address each time (no client count), always after the wait has passed.
      rows = { ...rows, client: FRESH, pair: FRESH };
      const admission = admit(rows, now, SIGN_IN_THROTTLE);
      rows = admission.next;
      if (admission.admitted) evaluated++;
      now = new Date(now.getTime() + 3600_000);
    }
    expect(evaluated).toBe(SIGN_IN_THROTTLE.account.lockAfterFailures);
    // The owner's known client is not locked out, and a success starts the count again.
    const known = { ...rows, pair: { ...FRESH, lastSuccessAt: now } };
    expect(admit(known, now, SIGN_IN_THROTTLE).admitted).toBe(true);
    const after = succeeded(known, now, SIGN_IN_THROTTLE);
    expect(admit({ ...after, pair: FRESH }, now, SIGN_IN_THROTTLE).admitted).toBe(true);
  });

  it("a success that proved only some of the email's users gives back its own charge, not the failures before it", () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const failing = { ...FRESH, failures: 7, blockedUntil: new Date(now.getTime() + 60_000) };
    // A new device: the account's counter was charged; a known one: the pair's.
    const fresh = succeeded(
      { client: FRESH, account: failing, pair: FRESH },
      now,
      SIGN_IN_THROTTLE,
      false,
    );
    expect(fresh.account).toMatchObject({ failures: 6, blockedUntil: null });
    expect(fresh.pair.lastSuccessAt).toEqual(now);
    const known = { ...failing, lastSuccessAt: now };
    const again = succeeded(
      { client: FRESH, account: failing, pair: known },
      now,
      SIGN_IN_THROTTLE,
      false,
    );
    expect(again.pair).toMatchObject({ failures: 6, blockedUntil: null });
    expect(again.account).toEqual(failing);
    // Proving every user clears both, as before.
    const all = succeeded({ client: FRESH, account: failing, pair: known }, now, SIGN_IN_THROTTLE);
    expect([all.account.failures, all.pair.failures]).toEqual([0, 0]);
  });

  it('zxcvbn runs in a thread, with a bounded queue (one check more is a 503, not a wait)', async () => {
    const strength = new PasswordStrength({ maxLength: 64, l33tMaxSubstitutions: 20 });
    const checks = Array.from({ length: 17 }, (_, i) =>
      strength.check(i % 2 ? 'password1234' : 'violet kettle marches uphill', []),
    );
    const settled = await Promise.allSettled(checks);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(16);
    const refused = settled.find((s) => s.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toMatchObject({ status: 503 });
    const [strong, weak] = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect(strong?.score).toBe(4);
    expect(weak?.score).toBeLessThan(3);
    expect(weak?.warning).toMatch(/common/i);
  });

  it('MICROCORE_TRUST_PROXY takes hops or addresses, and refuses anything else', () => {
    const hops = configFromEnv({ MICROCORE_TRUST_PROXY: '1' }).trustProxy;
    expect(typeof hops).toBe('function');
    expect(configFromEnv({ MICROCORE_TRUST_PROXY: '10.0.0.0/8, ::1' }).trustProxy).toBe(
      '10.0.0.0/8,::1',
    );
    expect(configFromEnv({}).trustProxy).toBe(false);
    expect(() => configFromEnv({ MICROCORE_TRUST_PROXY: 'yes please' })).toThrow(ConfigError);
  });
});

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind, { signInThrottle: POLICY });
  });
  afterAll(() => world?.close());

  const login = (email: string, password: string, client: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      remoteAddress: client,
    });
  const statuses = (responses: { statusCode: number }[]) =>
    responses.reduce<Record<number, number>>((count, r) => {
      count[r.statusCode] = (count[r.statusCode] ?? 0) + 1;
      return count;
    }, {});
  /** Time passes for the throttle: every timestamp it keeps moves back by `seconds`. */
  const elapse = (seconds: number) =>
    sql`update sign_in_limits set
          blocked_until = blocked_until - make_interval(secs => ${seconds}),
          last_failure_at = last_failure_at - make_interval(secs => ${seconds}),
          last_success_at = last_success_at - make_interval(secs => ${seconds}),
          updated_at = updated_at - make_interval(secs => ${seconds})`.execute(world.storage.db);
  const attempts = (email: string, outcome: 'ok' | 'failed' | 'throttled') =>
    world.storage.db
      .selectFrom('sign_in_attempts')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('account_key', '=', accountKeyOf(email))
      .where('outcome', '=', outcome)
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const records = (clinicId: string, action: string, resourceId?: string) =>
    world.storage.db
      .selectFrom('audit_log')
      .select(['user_id', 'action', 'resource_type', 'resource_id', 'outcome'])
      .where('clinic_id', '=', clinicId)
      .where('action', '=', action)
      .$if(resourceId !== undefined, (q) => q.where('resource_id', '=', resourceId as string))
      .orderBy('id')
      .execute();
  const createUser = (email: string, password: string, token = world.tokens.adminA) =>
    world.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(token),
      payload: { email, password, role: 'clinician' },
    });
  const NEW_PASSWORD = 'violet kettle marches uphill';

  describe('the throttle', () => {
    it('80 wrong passwords at once for one account: only the free ones are checked, the rest 429', async () => {
      const { id } = (await createUser('burst@a.test', NEW_PASSWORD)).json();
      const responses = await Promise.all(
        Array.from({ length: 80 }, (_, i) => login('burst@a.test', `wrong ${i}`, '10.0.0.1')),
      );
      expect(statuses(responses)).toEqual({ 401: 3, 429: 77 });
      expect(await attempts('burst@a.test', 'failed')).toBe(3);
      const failed = (await records(world.clinicA, 'auth.login', id)).filter(
        (r) => r.outcome === 'failed',
      );
      expect(failed).toHaveLength(3);
      // The same from 80 addresses: the account's count is shared by clients it never signed in from.
      const spread = await Promise.all(
        Array.from({ length: 80 }, (_, i) => login('spread@b.test', 'wrong', `10.0.1.${i + 1}`)),
      );
      expect(statuses(spread)).toEqual({ 401: 3, 429: 77 });
      expect(await attempts('spread@b.test', 'failed')).toBe(3);
    });

    it("an attacker elsewhere cannot lock the owner out (the owner's device gets straight in)", async () => {
      await createUser('owner@a.test', NEW_PASSWORD);
      expect((await login('owner@a.test', NEW_PASSWORD, '10.1.0.1')).statusCode).toBe(200);
      // Guesses from another address until they are refused.
      let guesses = 0;
      while ((await login('owner@a.test', `guess ${guesses}`, '10.1.0.2')).statusCode === 401)
        if (++guesses > 20) throw new Error('the guesses were never refused');
      expect(guesses).toBe(POLICY.account.freeFailures);
      // Even the right password waits at the attacker's address, or at one never used before …
      expectProblem(await login('owner@a.test', NEW_PASSWORD, '10.1.0.2'), 429);
      expectProblem(await login('owner@a.test', NEW_PASSWORD, '10.1.0.3'), 429);
      // … but not on the owner's device.
      expect((await login('owner@a.test', NEW_PASSWORD, '10.1.0.1')).statusCode).toBe(200);
    });

    it('one client trying many accounts is throttled, whichever it tries next; other clients are not', async () => {
      for (let i = 0; i < 6; i++)
        expectProblem(await login(`nobody${i}@spray.test`, 'Summer2024!', '10.2.0.1'), 401);
      expectProblem(await login('clinician@b.test', 'Summer2024!', '10.2.0.1'), 429);
      // Even a right password waits at that address; elsewhere the same user gets in.
      expectProblem(await login('clinician@b.test', PASSWORD, '10.2.0.1'), 429);
      expect((await login('clinician@b.test', PASSWORD, '10.2.0.2')).statusCode).toBe(200);
      // At once, to as many accounts: no more than the client's free failures are checked.
      const burst = await Promise.all(
        Array.from({ length: 80 }, (_, i) => login(`spray${i}@spray.test`, 'x', '10.2.0.9')),
      );
      expect(statuses(burst)).toEqual({ 401: 6, 429: 74 });
    });

    it('the waits grow, say when to try again, and read the same for an email that is no user', async () => {
      const waits = async (email: string, client: string) => {
        const seen: number[] = [];
        for (let i = 0; i < 3; i++) expectProblem(await login(email, `wrong ${i}`, client), 401);
        for (let round = 0; round < 4; round++) {
          const refused = await login(email, 'wrong again', client);
          const problem = expectProblem(refused, 429);
          expect(problem.type).toBe('https://microcore.dev/problems/too-many-requests');
          const retryAfter = Number(refused.headers['retry-after']);
          expect(problem.detail).toMatch(/try again in \d+ (s|min)$/);
          seen.push(retryAfter);
          await elapse(retryAfter + 1);
          expectProblem(await login(email, 'wrong again', client), 401);
        }
        return { seen, detail: expectProblem(await login(email, 'x', client), 429).detail };
      };
      const known = await waits('clinician@a.test', '10.3.0.1');
      const unknown = await waits('no-such-user@a.test', '10.3.0.2');
      for (const { seen } of [known, unknown]) {
        // 60 s, then doubling to the 240 s cap (a second or so may pass between charge and answer).
        expect(seen[0]).toBeGreaterThan(50);
        expect(seen[0]).toBeLessThanOrEqual(60);
        expect(seen[1]).toBeGreaterThan(seen[0] * 1.5);
        expect(seen[2]).toBeGreaterThan(seen[1] * 1.5);
        expect(seen[3]).toBeLessThanOrEqual(240);
        expect(seen[3]).toBeGreaterThan(seen[2] * 0.9);
      }
      expect(known.detail).toBe(unknown.detail);
      // clinician@a.test still signs in from their own device (they signed in when the world was made).
      expect((await login('clinician@a.test', PASSWORD, '127.0.0.1')).statusCode).toBe(200);
    });

    it('after the most failures allowed, new devices are locked out until an admin clears it (audited)', async () => {
      const { id } = (await createUser('locked@a.test', NEW_PASSWORD)).json();
      expect((await login('locked@a.test', NEW_PASSWORD, '10.4.0.1')).statusCode).toBe(200);
      for (let i = 0; i < 8; i++) {
        expectProblem(await login('locked@a.test', `guess ${i}`, `10.4.1.${i}`), 401);
        await elapse(3600);
      }
      // No wait ends a lock: four weeks on, a new device is still refused …
      await elapse(28 * 86_400);
      const refused = expectProblem(await login('locked@a.test', NEW_PASSWORD, '10.4.2.1'), 429);
      expect(refused.detail).toMatch(/admin/);
      // … while the owner's device (signed in within the known-client days) is not.
      expect((await login('locked@a.test', NEW_PASSWORD, '10.4.0.1')).statusCode).toBe(200);
      // Locked again; a clinician may not clear it, nor another clinic's admin; this admin may.
      for (let i = 0; i < 8; i++) {
        await login('locked@a.test', `guess ${i}`, `10.4.3.${i}`);
        await elapse(3600);
      }
      expectProblem(await login('locked@a.test', NEW_PASSWORD, '10.4.2.2'), 429);
      const unlock = (token: string) =>
        world.app.inject({
          method: 'POST',
          url: `/api/users/${id}/unlock`,
          headers: bearer(token),
        });
      expectProblem(await unlock(world.tokens.clinicianA), 403);
      expectProblem(await unlock(world.tokens.adminB), 404);
      expect((await unlock(world.tokens.adminA)).statusCode).toBe(204);
      expect((await login('locked@a.test', NEW_PASSWORD, '10.4.2.2')).statusCode).toBe(200);
      const unlocks = await records(world.clinicA, 'user.unlock', id);
      expect(unlocks.map((r) => r.outcome)).toEqual(['forbidden', 'ok']);
    });
  });

  describe('the audit of sign-ins and users', () => {
    it('every sign-in, sign-out, user create, list, update and unlock is in the chain, which verifies', async () => {
      const email = 'audited@a.test';
      const created = await createUser(email, NEW_PASSWORD);
      const { id } = created.json();
      expectProblem(await login(email, 'not it at all', '10.5.0.1'), 401);
      const ok = await login(email, NEW_PASSWORD, '10.5.0.1');
      const token = ok.json().token as string;
      for (let i = 0; i < 3; i++) await login(email, `wrong ${i}`, '10.5.0.2');
      expectProblem(await login(email, 'wrong', '10.5.0.2'), 429);
      expectProblem(await login(email, 'wrong', '10.5.0.2'), 429); // a second refusal in one wait
      const out = await world.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: bearer(token),
      });
      expect(out.statusCode).toBe(204);
      const list = await world.app.inject({
        method: 'GET',
        url: '/api/users',
        headers: bearer(world.tokens.adminA),
      });
      expect(list.statusCode).toBe(200);
      const patch = await world.app.inject({
        method: 'PATCH',
        url: `/api/users/${id}`,
        headers: bearer(world.tokens.adminA),
        payload: { role: 'researcher' },
      });
      expect(patch.statusCode).toBe(200);
      const me = (
        await world.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: bearer(world.tokens.adminA),
        })
      ).json();

      const logins = await records(world.clinicA, 'auth.login', id);
      expect(logins.map((r) => [r.outcome, r.user_id])).toEqual([
        ['failed', null],
        ['ok', id],
        ['failed', null],
        ['failed', null],
        ['failed', null],
        ['throttled', null], // the first refusal of the wait only
      ]);
      expect(logins.every((r) => r.resource_type === 'user')).toBe(true);
      expect(await records(world.clinicA, 'auth.logout', id)).toEqual([
        {
          user_id: id,
          action: 'auth.logout',
          resource_type: 'user',
          resource_id: id,
          outcome: 'ok',
        },
      ]);
      for (const action of ['user.create', 'user.update'])
        expect(await records(world.clinicA, action, id)).toEqual([
          { user_id: me.id, action, resource_type: 'user', resource_id: id, outcome: 'ok' },
        ]);
      const lists = await records(world.clinicA, 'user.list');
      expect(lists.at(-1)).toEqual({
        user_id: me.id,
        action: 'user.list',
        resource_type: 'user',
        resource_id: null,
        outcome: 'ok',
      });
      const verify = await world.app.inject({
        method: 'GET',
        url: '/api/audit/verify',
        headers: bearer(world.tokens.adminA),
      });
      expect(verify.json()).toMatchObject({ ok: true });
    });

    it('an email that is no user is recorded by the server only, as a digest; no password anywhere', async () => {
      const typed = 'Ghost.User@Nowhere.test';
      const password = 'the ghost password 42';
      expectProblem(await login(typed, password, '10.6.0.1'), 401);
      expect(await attempts('ghost.user@nowhere.test', 'failed')).toBe(1);
      const { rows } = await sql<{ row: string }>`
        select row_to_json(t)::text as row from sign_in_attempts t
        union all select row_to_json(l)::text from sign_in_limits l
        union all select row_to_json(a)::text from audit_log a`.execute(world.storage.db);
      const text = rows
        .map((r) => r.row)
        .join('\n')
        .toLowerCase();
      expect(text).toContain(accountKeyOf(typed));
      for (const secret of [typed.toLowerCase(), password, PASSWORD, NEW_PASSWORD])
        expect(text).not.toContain(secret.toLowerCase());
    });
  });

  describe('new passwords', () => {
    it.each([
      ['too short', 'short pass', 'password.too-short'],
      ['the demo password', 'microcore-demo', 'password.demo'],
      ['the email', 'weak.one@a.test', 'password.contains-email'],
      ['containing the name part of the email', 'weak.one-loves-coffee', 'password.contains-email'],
      ['a common password', 'password1234', 'password.common'],
      ['a small change of a common one', 'Qwertyuiop123', 'password.common'],
      ['a keyboard sequence', 'abcdefghijklmn', 'password.guessable'],
    ])(
      'refused: %s (422 naming password, saying why and what to do)',
      async (_, password, code) => {
        const problem = expectProblem(await createUser('weak.one@a.test', password), 422);
        expect(problem.code).toBe(code);
        expect(problem.errors).toEqual([
          { field: 'password', message: expect.stringMatching(/choose|use at least/) },
        ]);
      },
    );

    it('a passphrase is accepted, and the refusals were recorded under user.create', async () => {
      expect((await createUser('weak.one@a.test', NEW_PASSWORD)).statusCode).toBe(201);
      const refusals = (await records(world.clinicA, 'user.create')).filter(
        (r) => r.outcome === 'invalid',
      );
      expect(refusals.length).toBeGreaterThanOrEqual(7);
    });
  });

  describe('an email another clinic has', () => {
    it('gets the same answer as a new one; the same clinic is told plainly', async () => {
      const fresh = await createUser('fresh@b.test', NEW_PASSWORD, world.tokens.adminB);
      const taken = await createUser('clinician@a.test', NEW_PASSWORD, world.tokens.adminB);
      expect(taken.statusCode).toBe(fresh.statusCode);
      expect(taken.statusCode).toBe(201);
      expect(Object.keys(taken.json()).sort()).toEqual(Object.keys(fresh.json()).sort());
      expect(taken.json()).toMatchObject({ email: 'clinician@a.test', disabled: false });
      const list = await world.app.inject({
        method: 'GET',
        url: '/api/users',
        headers: bearer(world.tokens.adminB),
      });
      expect(list.json().items.map((u: { email: string }) => u.email)).toContain(
        'clinician@a.test',
      );
      const again = expectProblem(
        await createUser('clinician@a.test', NEW_PASSWORD, world.tokens.adminB),
        409,
      );
      expect(again.detail).toMatch(/your clinic/);
      // Clinic A's password reaches clinic A's account (signInClinics.test.ts has the rest).
      const signedIn = await login('clinician@a.test', PASSWORD, '127.0.0.1');
      expect(signedIn.json().user.clinicId).toBe(world.clinicA);
    });

    it("clinic B's unlock of its user with the email does not clear clinic A's lock", async () => {
      const copy = (
        await createUser('researcher@a.test', NEW_PASSWORD, world.tokens.adminB)
      ).json();
      for (let i = 0; i < 8; i++) {
        await login('researcher@a.test', `guess ${i}`, `10.7.0.${i}`);
        await elapse(3600);
      }
      const unlocked = await world.app.inject({
        method: 'POST',
        url: `/api/users/${copy.id}/unlock`,
        headers: bearer(world.tokens.adminB),
      });
      expect(unlocked.statusCode).toBe(204);
      expectProblem(await login('researcher@a.test', PASSWORD, '10.7.1.1'), 429);
    });
  });
});
