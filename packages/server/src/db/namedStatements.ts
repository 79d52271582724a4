import { createHash } from 'node:crypto';
import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Named (prepared) statements for PostgreSQL. Kysely hands node-postgres every query unnamed, so
 * PostgreSQL parses, analyses and plans it again on every call; the server sends a few dozen
 * query shapes millions of times. Giving each shape a name lets every connection parse it once
 * and reuse it: measured on the read path (BEGIN, the clinic scope, one select, COMMIT), this
 * halves PostgreSQL's CPU per read (about 580 → 270 µs) and trims the server's (docs/server.md:
 * Speed). Nothing else changes: the same SQL text, the same parameters, the same transactions.
 *
 * - The name is a digest of the text, so one name always means one text on every connection.
 * - Only statements with parameters are named (BEGIN, COMMIT and the like are cheap to parse and
 *   go as simple queries).
 * - At most `maxNames` distinct texts are named (a list of ids of varying length is a new text
 *   each time); past that, new texts go unnamed, so neither this process nor a PostgreSQL backend
 *   keeps an unbounded number of statements.
 * - A statement prepared before another process changed a table's columns fails once with
 *   "cached plan must not change result type" (SQLSTATE 0A000: a `select *` whose columns moved,
 *   during a rolling upgrade). That request fails as before; its connection is then closed
 *   instead of returned to the pool, so the next request prepares afresh on a new one.
 */
export const MAX_NAMED_STATEMENTS = 500;

/** The names given so far, by SQL text; one registry per pool. */
export class StatementNames {
  readonly #names = new Map<string, string>();
  constructor(readonly maxNames: number = MAX_NAMED_STATEMENTS) {}

  /** The name of `text`, or undefined when the registry is full and `text` is new. */
  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined || this.#names.size >= this.maxNames) return known;
    const name = `mc_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    this.#names.set(text, name);
    return name;
  }

  get size(): number {
    return this.#names.size;
  }
}

/** PostgreSQL's code for a prepared statement whose result columns changed under it. */
const STALE_PLAN_CODE = '0A000';

/** Kysely's pool over a node-postgres pool, naming each parameterised statement. */
export function namedStatementPool(pool: pg.Pool, names = new StatementNames()): PostgresPool {
  return {
    connect: async (): Promise<PostgresPoolClient> => {
      const client = await pool.connect();
      let stale = false;
      const query = async (text: string, parameters: ReadonlyArray<unknown>) => {
        const values = [...parameters];
        const name = values.length > 0 ? names.nameOf(text) : undefined;
        try {
          return await (name === undefined
            ? client.query(text, values)
            : client.query({ name, text, values }));
        } catch (error) {
          if ((error as { code?: string }).code === STALE_PLAN_CODE) stale = true;
          throw error;
        }
      };
      // Kysely passes a cursor only for .stream(), which the server does not use; it goes through.
      const passCursor = (cursor: PostgresCursor<unknown>) =>
        client.query(cursor as unknown as pg.Submittable);
      return {
        query: ((textOrCursor: string | PostgresCursor<unknown>, parameters?: unknown[]) =>
          typeof textOrCursor === 'string'
            ? query(textOrCursor, parameters ?? [])
            : passCursor(textOrCursor)) as unknown as PostgresPoolClient['query'],
        // A connection with a stale statement is closed, not pooled (see above).
        release: (destroy?: boolean) => client.release(destroy || stale),
      };
    },
    end: () => pool.end(),
  };
}
