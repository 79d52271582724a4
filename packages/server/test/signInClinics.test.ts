import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SIGN_IN_CANDIDATES } from '../src/auth/signInCandidates.js';
import type { SignInThrottlePolicy } from '../src/auth/throttlePolicy.js';
import { accountKeyOf } from '../src/auth/throttleStore.js';
import { createClinic } from '../src/seed.js';
import {
  bearer,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  TEST_COST,
  type World,
} from './helpers.js';

/**
 * An email held by users of several clinics (unique per clinic only, migration 013): sign-in
 * checks the password against each of them, so an account created first elsewhere cannot keep
 * the owner out, and a person in two clinics reaches both (docs/server.md: Sign-in).
 *
 * Long waits, as in login.test.ts: time passes by moving the throttle's timestamps back.
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

const ALICE_PASSWORD = 'violet kettle marches uphill';
const SQUATTER_PASSWORD = 'amber lantern drifts eastward';
const SHARED_PASSWORD = 'copper heron waits patiently';

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind, { signInThrottle: POLICY });
  });
  afterAll(() => world?.close());

  const login = (
    email: string,
    password: string,
    client: string,
    extra: Record<string, unknown> = {},
  ) =>
    world.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password, ...extra },
      remoteAddress: client,
    });
  const createUser = async (email: string, password: string, token: string) => {
    const created = await world.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: bearer(token),
      payload: { email, password, role: 'clinician' },
    });
    expect(created.statusCode).toBe(201);
    return created.json().id as string;
  };
  /** The sign-in records of one user in one clinic's chain: [outcome, user]. */
  const logins = async (clinicId: string, userId: string) =>
    (
      await world.storage.db
        .selectFrom('audit_log')
        .select(['user_id', 'outcome'])
        .where('clinic_id', '=', clinicId)
        .where('action', '=', 'auth.login')
        .where('resource_id', '=', userId)
        .orderBy('id')
        .execute()
    ).map((r) => [r.outcome, r.user_id]);
  const verifies = async (token: string) =>
    (
      await world.app.inject({
        method: 'GET',
        url: '/api/audit/verify',
        headers: bearer(token),
      })
    ).json().ok;
  const elapse = (seconds: number) =>
    sql`update sign_in_limits set
          blocked_until = blocked_until - make_interval(secs => ${seconds}),
          last_failure_at = last_failure_at - make_interval(secs => ${seconds}),
          last_success_at = last_success_at - make_interval(secs => ${seconds}),
          updated_at = updated_at - make_interval(secs => ${seconds})`.execute(world.storage.db);

  describe('an email another clinic created first', () => {
    const email = 'alice@clinic-a.example';
    let squatter: string;
    let alice: string;
    beforeAll(async () => {
      squatter = await createUser(email, SQUATTER_PASSWORD, world.tokens.adminB);
      alice = await createUser(email, ALICE_PASSWORD, world.tokens.adminA);
    });

    it("does not keep its owner out: each password reaches its own clinic's account", async () => {
      const signedIn = await login(email, ALICE_PASSWORD, '10.20.0.1');
      expect(signedIn.statusCode).toBe(200);
      expect(signedIn.json().user).toMatchObject({ id: alice, clinicId: world.clinicA });
      const other = await login(email, SQUATTER_PASSWORD, '10.20.0.2');
      expect(other.statusCode).toBe(200);
      expect(other.json().user).toMatchObject({ id: squatter, clinicId: world.clinicB });
      // A wrong password is the one answer it always was.
      const wrong = expectProblem(await login(email, 'not the password at all', '10.20.0.3'), 401);
      expect(wrong.code).toBe('invalid-credentials');
      // A success is in the signed-in user's chain only; a failure in every candidate's.
      expect(await logins(world.clinicA, alice)).toEqual([
        ['ok', alice],
        ['failed', null],
      ]);
      expect(await logins(world.clinicB, squatter)).toEqual([
        ['ok', squatter],
        ['failed', null],
      ]);
      expect(await verifies(world.tokens.adminA)).toBe(true);
      expect(await verifies(world.tokens.adminB)).toBe(true);
    });

    it("the squatter's own sign-ins do not wash out the failures charged to the email", async () => {
      // The squatter's device becomes a known client of the email …
      expect((await login(email, SQUATTER_PASSWORD, '10.21.0.1')).statusCode).toBe(200);
      for (let i = 0; i < POLICY.account.freeFailures; i++)
        expectProblem(await login(email, `guess ${i}`, '10.21.0.1'), 401);
      expectProblem(await login(email, 'guess again', '10.21.0.1'), 429);
      await elapse(POLICY.account.firstDelaySeconds + 1);
      // … and signs in again after the wait, but the guesses still count: one more is checked
      // (the success ended the wait), and the one after it waits again.
      expect((await login(email, SQUATTER_PASSWORD, '10.21.0.1')).statusCode).toBe(200);
      expectProblem(await login(email, 'one more guess', '10.21.0.1'), 401);
      expectProblem(await login(email, 'and another', '10.21.0.1'), 429);
    });

    it("neither clinic's unlock clears the lock on an email two clinics hold", async () => {
      for (let i = 0; i < POLICY.account.lockAfterFailures; i++) {
        await login(email, `guess ${i}`, `10.22.0.${i}`);
        await elapse(3600);
      }
      expect(expectProblem(await login(email, ALICE_PASSWORD, '10.22.1.1'), 429).detail).toMatch(
        /admin/,
      );
      for (const [token, id] of [
        [world.tokens.adminB, squatter],
        [world.tokens.adminA, alice],
      ]) {
        const unlocked = await world.app.inject({
          method: 'POST',
          url: `/api/users/${id}/unlock`,
          headers: bearer(token),
        });
        expect(unlocked.statusCode).toBe(204);
        expectProblem(await login(email, ALICE_PASSWORD, '10.22.1.1'), 429);
      }
      // Alice's own device is not locked out.
      expect((await login(email, ALICE_PASSWORD, '10.20.0.1')).statusCode).toBe(200);
    });
  });

  describe('one person, one password, two clinics', () => {
    const email = 'both@two-clinics.example';
    let inA: string;
    let inB: string;
    beforeAll(async () => {
      inA = await createUser(email, SHARED_PASSWORD, world.tokens.adminA);
      inB = await createUser(email, SHARED_PASSWORD, world.tokens.adminB);
    });

    it('is asked to choose: 409 clinic-required listing both clinics, oldest account first', async () => {
      const response = await login(email, SHARED_PASSWORD, '10.23.0.1');
      const problem = expectProblem(response, 409);
      expect(problem.type).toBe('https://microcore.dev/problems/clinic-required');
      expect(problem.code).toBe('clinic-required');
      expect(response.json().clinics).toEqual([
        { id: world.clinicA, name: 'Clinic A' },
        { id: world.clinicB, name: 'Clinic B' },
      ]);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.json().token).toBeUndefined();
    });

    it('clinicId picks the clinic', async () => {
      const a = await login(email, SHARED_PASSWORD, '10.23.0.1', { clinicId: world.clinicA });
      expect(a.statusCode).toBe(200);
      expect(a.json().user).toMatchObject({ id: inA, clinicId: world.clinicA });
      // An id in capitals is the same id.
      const b = await login(email, SHARED_PASSWORD, '10.23.0.1', {
        clinicId: world.clinicB.toUpperCase(),
      });
      expect(b.statusCode).toBe(200);
      expect(b.json().user).toMatchObject({ id: inB, clinicId: world.clinicB });
      // The 409 is in both chains (the password was right, no one signed in); each success in its own.
      expect(await logins(world.clinicA, inA)).toEqual([
        ['conflict', null],
        ['ok', inA],
      ]);
      expect(await logins(world.clinicB, inB)).toEqual([
        ['conflict', null],
        ['ok', inB],
      ]);
    });

    it("with clinicId, a wrong password is recorded in that clinic's chain only", async () => {
      const wrong = await login(email, 'not it', '10.23.0.2', { clinicId: world.clinicB });
      expect(expectProblem(wrong, 401).code).toBe('invalid-credentials');
      expect((await logins(world.clinicA, inA)).at(-1)).toEqual(['ok', inA]);
      expect((await logins(world.clinicB, inB)).at(-1)).toEqual(['failed', null]);
    });
  });

  describe('clinicId', () => {
    it('of a clinic without that email, or of no clinic, is the same invalid-credentials answer', async () => {
      const wrong = expectProblem(await login('clinician@a.test', 'wrong', '10.24.0.1'), 401);
      const before = await logins(world.clinicA, await userId('clinician@a.test'));
      for (const clinicId of [world.clinicB, randomUUID()]) {
        // The right password of clinic A's account, sent for another clinic.
        const refused = expectProblem(
          await login('clinician@a.test', PASSWORD, '10.24.0.1', { clinicId }),
          401,
        );
        expect(refused).toEqual(wrong);
      }
      // Nothing in clinic A's chain: the attempts were not on its account.
      expect(await logins(world.clinicA, await userId('clinician@a.test'))).toEqual(before);
      // All of them counted on the one account key of the email.
      const { n } = await world.storage.db
        .selectFrom('sign_in_attempts')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('account_key', '=', accountKeyOf('clinician@a.test'))
        .where('client_key', '=', '10.24.0.1')
        .executeTakeFirstOrThrow();
      expect(n).toBe(3);
    });

    it.each([['not-a-uuid'], [42], ['']])(
      'that is not a uuid (%j) is refused with 422 naming clinicId',
      async (clinicId) => {
        const problem = expectProblem(
          await login('clinician@a.test', PASSWORD, '10.25.0.1', { clinicId }),
          422,
        );
        expect(problem.errors?.map((e) => e.field)).toEqual(['clinicId']);
      },
    );

    it(`reaches an account past the ${MAX_SIGN_IN_CANDIDATES} oldest, which sign-in without it does not check`, async () => {
      const email = 'many@clinics.example';
      for (let i = 0; i < MAX_SIGN_IN_CANDIDATES; i++)
        await createClinic(
          world.appStorage.db,
          `Clinic ${i}`,
          [{ email, role: 'clinician', password: `${SHARED_PASSWORD} ${i}` }],
          TEST_COST,
        );
      const newest = await createUser(email, ALICE_PASSWORD, world.tokens.adminA);
      expectProblem(await login(email, ALICE_PASSWORD, '10.26.0.1'), 401);
      const picked = await login(email, ALICE_PASSWORD, '10.26.0.1', { clinicId: world.clinicA });
      expect(picked.statusCode).toBe(200);
      expect(picked.json().user.id).toBe(newest);
      // The oldest are reached without it.
      const oldest = await login(email, `${SHARED_PASSWORD} 0`, '10.26.0.1');
      expect(oldest.statusCode).toBe(200);
    });
  });

  it('auth_users_by_email is executable by the app role only, not PUBLIC (it returns password hashes)', async () => {
    const { rows } = await sql<{ app: boolean; public: boolean; definer: boolean }>`
      select has_function_privilege('microcore_app', p.oid, 'execute') as app,
        exists (select from aclexplode(p.proacl) a where a.grantee = 0) as public,
        p.prosecdef as definer
      from pg_proc p where p.proname = 'auth_users_by_email'`.execute(world.storage.db);
    expect(rows).toEqual([{ app: true, public: false, definer: true }]);
  });

  const userId = async (email: string) =>
    (
      await world.storage.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .where('clinic_id', '=', world.clinicA)
        .executeTakeFirstOrThrow()
    ).id;
});
