import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PgliteDialect } from './pgliteDialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Storage {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** PostgreSQL when `databaseUrl` is given, else embedded PGlite in `dataDir` (or in memory). */
export async function openStorage(options: {
  databaseUrl?: string;
  dataDir?: string;
}): Promise<Storage> {
  if (options.databaseUrl) {
    // date (1082) stays text (YYYY-MM-DD), as on PGlite; numeric stays text on both.
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 1082 ? (value: string) => value : pg.types.getTypeParser(oid, format ?? 'text'),
    };
    const pool = new pg.Pool({ connectionString: options.databaseUrl, types });
    pool.on('connect', coalesceWrites);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir, {
    // date stays text (YYYY-MM-DD), as with the pg type parser above.
    parsers: { 1082: (value: string) => value },
  });
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/**
 * Run `work` in one transaction scoped to a clinic: `app.clinic_id` is set for the transaction
 * only, so the row-level security policies admit that clinic's rows and no others.
 */
export async function inClinic<T>(
  db: Db,
  clinicId: string,
  work: (tx: Tx) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const transaction = options.readOnly
    ? db.transaction().setAccessMode('read only')
    : db.transaction();
  return transaction.execute(async (tx) => {
    await sql`select set_config('app.clinic_id', ${clinicId}, true)`.execute(tx);
    return work(tx);
  });
}

/**
 * node-postgres writes each protocol message of a query (parse, bind, describe, execute, sync)
 * with its own socket write: five system calls per query, the largest cost of a small read
 * under load. Corking the socket for the rest of the tick sends them as one. The hook is on
 * pg's internal `connection._send` (pg is pinned to an exact version for that reason, and
 * test/db.test.ts fails if the hook stops applying).
 */
export function coalesceWrites(client: pg.PoolClient): void {
  const connection = (client as unknown as { connection?: PgConnection }).connection;
  if (!connection || typeof connection._send !== 'function' || !connection.stream) return;
  const { stream } = connection;
  const send = connection._send.bind(connection);
  const uncork = () => stream.uncork();
  connection._send = (buffer: Buffer) => {
    if (stream.writableCorked === 0) {
      stream.cork();
      process.nextTick(uncork);
    }
    return send(buffer);
  };
  connection.coalescedWrites = true;
}

interface PgConnection {
  _send(buffer: Buffer): boolean;
  stream: NodeJS.WritableStream & { cork(): void; uncork(): void; writableCorked: number };
  coalescedWrites?: boolean;
}
