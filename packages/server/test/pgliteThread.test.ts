import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { PgliteDialect } from '../src/db/pgliteDialect.js';
import { PgliteThread } from '../src/db/pgliteThread.js';
import { isDatabaseUnavailable } from '../src/http/databaseUnavailable.js';
import { expectProblem, TEST_COST } from './helpers.js';

/** A worker script written for the test. */
function workerScript(source: string): URL {
  const file = join(mkdtempSync(join(tmpdir(), 'microcore-pglite-')), 'worker.mjs');
  writeFileSync(file, `import { parentPort } from 'node:worker_threads';\n${source}`);
  return pathToFileURL(file);
}

/** Opens as the real thread does, then ends the thread at the first statement (a crash). */
const CRASHES_AT_FIRST_STATEMENT = workerScript(
  "parentPort.on('message', (m) => m.kind === 'open' ? parentPort.postMessage({ kind: 'opened' }) : process.exit(3));",
);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('embedded PGlite in its own thread', () => {
  let thread: PgliteThread;
  beforeAll(async () => {
    thread = await PgliteThread.start();
  });
  afterAll(() => thread?.close());

  it("PGlite's errors arrive with the fields the server reads: code, constraint, detail, message", async () => {
    await thread.query('create table t (id int primary key, n int check (n > 0))', []);
    await thread.query('insert into t values ($1, $2)', [1, 1]);
    const duplicate = await rejection(thread.query('insert into t values ($1, $2)', [1, 2]));
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({
      code: '23505',
      constraint: 't_pkey',
      severity: 'ERROR',
      table: 't',
      detail: 'Key (id)=(1) already exists.',
      message: 'duplicate key value violates unique constraint "t_pkey"',
    });
    // Not the parameters: they can be half a megabyte (a plan's cores).
    expect(duplicate).not.toHaveProperty('params');
    expect(await rejection(thread.query('insert into t values ($1, $2)', [2, 0]))).toMatchObject({
      code: '23514',
      constraint: 't_n_check',
    });
    expect(await rejection(thread.query('select 1/0', []))).toMatchObject({ code: '22012' });
  });

  it('rows, counts, bytes and dates come back as PGlite gives them (date as text)', async () => {
    const bytes = Uint8Array.from([0, 1, 254, 255]);
    const { rows } = await thread.query(
      "select $1::bytea as b, '2026-02-03'::date as d, 3::int as i, '{\"a\":[1]}'::jsonb as j",
      [bytes],
    );
    expect(rows).toEqual([{ b: bytes, d: '2026-02-03', i: 3, j: { a: [1] } }]);
    await thread.query('create table u (n int)', []);
    expect(await thread.query('insert into u values (1), (2)', [])).toMatchObject({
      affectedRows: 2,
    });
  });

  it('a transaction through the dialect never interleaves with another caller', async () => {
    const db = new Kysely<{ v: { n: number } }>({ dialect: new PgliteDialect(thread) });
    await sql`create table v (n int)`.execute(db);
    // Each transaction reads the count and writes count + 1: interleaved, two would write the same.
    const bump = () =>
      db.transaction().execute(async (tx) => {
        const { rows } = await sql<{ c: number }>`select count(*)::int as c from v`.execute(tx);
        await sql`insert into v values (${rows[0].c + 1})`.execute(tx);
      });
    await Promise.all(Array.from({ length: 8 }, bump));
    const { rows } = await sql<{ n: number }>`select n from v order by n`.execute(db);
    expect(rows.map((row) => row.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('a thread that ends', () => {
  it('fails the statement in flight and every later one at once with 08006, and says so once', async () => {
    const lost: string[] = [];
    const thread = await PgliteThread.start({
      workerUrl: CRASHES_AT_FIRST_STATEMENT,
      onLost: (message) => lost.push(message),
    });
    const inFlight = await rejection(thread.query('select 1', []));
    expect(inFlight).toMatchObject({ code: '08006' });
    expect(String(inFlight)).toContain(
      "the embedded database's thread ended (it exited with code 3)",
    );
    expect(isDatabaseUnavailable(inFlight)).toBe(true);
    expect(await rejection(thread.query('select 1', []))).toBe(inFlight);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/answered 503 until the server is restarted/);
    await expect(thread.close()).rejects.toBe(inFlight);
  });

  it('is answered 503 with Retry-After by the server, not a 500 and not a wait', async () => {
    const thread = await PgliteThread.start({
      workerUrl: CRASHES_AT_FIRST_STATEMENT,
      onLost: () => {},
    });
    const app = await buildApp({
      db: new Kysely({ dialect: new PgliteDialect(thread) }),
      config: { passwordCost: TEST_COST, logLevel: 'silent' },
    });
    try {
      for (let i = 0; i < 2; i++) {
        const login = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'clinician@a.test', password: 'correct horse battery staple' },
        });
        expect(expectProblem(login, 503).code).toBe('unavailable');
        expect(login.headers['retry-after']).toBe('5');
      }
    } finally {
      await app.close();
    }
  });

  it('a thread that cannot load fails the start with a clear error', async () => {
    const error = await rejection(
      PgliteThread.start({ workerUrl: pathToFileURL('/nonexistent/pgliteWorker.js') }),
    );
    expect(String(error)).toContain("the embedded database's thread ended");
  });

  it('after close, a statement is refused at once', async () => {
    const thread = await PgliteThread.start();
    await thread.close();
    expect(await rejection(thread.query('select 1', []))).toMatchObject({
      message: 'the embedded database is closed',
    });
  });
});
