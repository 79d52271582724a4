import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { namedStatementPool, StatementNames } from '../src/db/namedStatements.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/**
 * The PostgreSQL pool names each parameterised statement (src/db/namedStatements.ts): each shape
 * is prepared once per connection and reused, the number of names is bounded, and a statement
 * made stale by another process's schema change costs one failed query, not a broken connection.
 * PostgreSQL only: PGlite has no pool.
 */
const cluster = inject('postgres');

describe.skipIf(!cluster)('named statements on PostgreSQL', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  // biome-ignore lint/suspicious/noExplicitAny: the tests' own tables are not in the schema type
  let db: Kysely<any>;
  const open = (names: StatementNames) => {
    if (!('databaseUrl' in database.owner)) throw new Error('PostgreSQL expected');
    // One connection, so every statement meets the ones prepared before it.
    pool = new pg.Pool({ connectionString: database.owner.databaseUrl, max: 1 });
    db = new Kysely({ dialect: new PostgresDialect({ pool: namedStatementPool(pool, names) }) });
  };
  const prepared = async () => {
    const { rows } = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements order by statement`.execute(db);
    return rows;
  };

  beforeEach(async () => {
    database = await createTestDatabase('postgres');
  });
  afterEach(async () => {
    await db?.destroy();
    await database.drop();
  });

  it('prepares a parameterised statement once and reuses it with new values', async () => {
    open(new StatementNames());
    const doubled = [];
    for (const n of [1, 2, 3]) {
      const { rows } = await sql<{ doubled: number }>`select ${n}::int * 2 as doubled`.execute(db);
      doubled.push(rows[0]?.doubled);
    }
    expect(doubled).toEqual([2, 4, 6]);
    const statements = await prepared();
    expect(statements).toHaveLength(1);
    expect(statements[0]?.name).toMatch(/^mc_[0-9a-f]{32}$/);
    expect(statements[0]?.statement).toBe('select $1::int * 2 as doubled');
  });

  it('names no more texts than its bound; the others run unnamed and still answer', async () => {
    open(new StatementNames(2));
    const answers = [];
    for (const n of [1, 2, 3, 4]) {
      // Four different texts: `+ 1`, `+ 2`, … are part of the SQL, not parameters.
      const { rows } = await sql<{
        x: number;
      }>`select ${n}::int + ${sql.raw(String(n))} as x`.execute(db);
      answers.push(rows[0]?.x);
    }
    expect(answers).toEqual([2, 4, 6, 8]);
    expect(await prepared()).toHaveLength(2);
  });

  it('after a column change under a prepared select *, one query fails and the next answers', async () => {
    open(new StatementNames());
    await sql`create table t (id int primary key, a text)`.execute(db);
    await sql`insert into t values (1, 'x')`.execute(db);
    const read = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(db);
    expect((await read()).rows).toEqual([{ id: 1, a: 'x' }]);
    // Another process (a newer server's migration) adds a column.
    const other = new pg.Client({ connectionString: pool.options.connectionString });
    await other.connect();
    await other.query(`alter table t add column b text default 'y'`);
    await other.end();
    await expect(read()).rejects.toMatchObject({ code: '0A000' });
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: 'y' }]);
  });
});
