import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { openStorage } from '../src/db/open.js';
import { isDatabaseUnavailable } from '../src/http/databaseUnavailable.js';
import {
  bearer,
  createPatient,
  expectProblem,
  makeWorld,
  onEachDatabase,
  PASSWORD,
  TEST_COST,
  type World,
} from './helpers.js';

describe('a database that cannot serve', () => {
  it('is told apart from a bug by its error', () => {
    for (const code of ['08006', '08001', '57P01', '57P03', '53300', '40001', '40P01', '55P03'])
      expect(isDatabaseUnavailable({ code }), code).toBe(true);
    for (const code of ['ECONNREFUSED', 'ECONNRESET'])
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    // A broken constraint, a type error or a bare Error are bugs: 500, not "try again".
    for (const error of [{ code: '23505' }, { code: '42P01' }, new TypeError('x'), null, 'x'])
      expect(isDatabaseUnavailable(error), JSON.stringify(error)).toBe(false);
  });

  it('unreachable: 503 problem+json with Retry-After, logged, never a 500 or a stack trace', async () => {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    const storage = await openStorage({ databaseUrl: 'postgres://nobody@127.0.0.1:1/nothing' });
    const logs: string[] = [];
    const { Writable } = await import('node:stream');
    const app = await buildApp({
      db: storage.db,
      config: { passwordCost: TEST_COST },
      logStream: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    try {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'clinician@a.test', password: PASSWORD },
      });
      const problem = expectProblem(login, 503);
      expect(problem.code).toBe('unavailable');
      expect(login.headers['retry-after']).toBe('5');
      expect(JSON.stringify(problem)).not.toMatch(/ECONNREFUSED|at .*\.js/);
      // A request with a token needs the database to check its session: 503 too.
      expectProblem(
        await app.inject({ method: 'GET', url: '/api/me', headers: bearer('some-token') }),
        503,
      );
      expect(logs.join('')).toContain('database unavailable');
    } finally {
      await app.close();
      await storage.close();
    }
  });
});

onEachDatabase((kind) => {
  let world: World;
  beforeAll(async () => {
    world = await makeWorld(kind);
  });
  afterAll(() => world?.close());

  it.skipIf(kind === 'pglite')(
    'after PostgreSQL ends every session (a restart, an administrator), the server answers again without a restart of its own',
    async () => {
      const id = await createPatient(world, world.tokens.clinicianA);
      // A server of its own on the same database, to hear what its pool reports.
      const lost: string[] = [];
      const options = world.database.app;
      if (!('databaseUrl' in options)) throw new Error('a PostgreSQL test database has a URL');
      const storage = await openStorage({ ...options, onConnectionLost: (m) => lost.push(m) });
      const app = await buildApp({
        db: storage.db,
        config: { passwordCost: TEST_COST, logLevel: 'silent' },
      });
      try {
        const read = () =>
          app.inject({
            method: 'GET',
            url: `/api/patients/${id}`,
            headers: bearer(world.tokens.clinicianA),
          });
        expect((await read()).statusCode).toBe(200); // the pool now holds open connections
        await world.database.terminateConnections?.();
        // Without a listener, the pool's 'error' event for each ended idle connection would
        // have crashed the process here. The next requests get new connections.
        await expect.poll(() => lost.length).toBeGreaterThan(0);
        const answers: number[] = [];
        for (let i = 0; i < 3; i++) {
          const response = await read();
          answers.push(response.statusCode);
          if (response.statusCode !== 200) expectProblem(response, 503);
        }
        expect(answers.at(-1)).toBe(200);
        expect(lost.join('\n')).toMatch(/57P01/);
        expect(lost.join('\n')).not.toContain(new URL(options.databaseUrl).password);
        const verify = await app.inject({
          method: 'GET',
          url: '/api/audit/verify',
          headers: bearer(world.tokens.adminA),
        });
        expect(verify.json()).toMatchObject({ ok: true });
      } finally {
        await app.close();
        await storage.close();
      }
    },
  );
});
