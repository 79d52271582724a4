import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { DEFAULT_TIME_ZONE } from '../clinicCalendar.js';
import { prepareDataDir } from './dataDir.js';
import { lockDataDir } from './dataDirLock.js';
import { namedStatementPool } from './namedStatements.js';
import { PgliteDialect } from './pgliteDialect.js';
import { PgliteThread } from './pgliteThread.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Storage {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/**
 * PostgreSQL when `databaseUrl` is given, else embedded PGlite in `dataDir` (or in memory), in a
 * worker thread of its own (pgliteThread.ts): the folder is created if missing (not its parents)
 * and held by this process until `close`.
 */
export async function openStorage(options: {
  databaseUrl?: string;
  dataDir?: string;
  /**
   * Told when PostgreSQL ends an idle pooled connection, or when the embedded database's thread
   * ends unasked (default: a line on stderr).
   */
  onConnectionLost?: (message: string) => void;
}): Promise<Storage> {
  const lost = options.onConnectionLost ?? reportToStderr;
  if (options.databaseUrl) {
    // date (1082) stays text (YYYY-MM-DD), as on PGlite; numeric stays text on both.
    const types = {
      getTypeParser: (oid: number, format?: 'text' | 'binary') =>
        oid === 1082 ? (value: string) => value : pg.types.getTypeParser(oid, format ?? 'text'),
    };
    const pool = new pg.Pool({ connectionString: options.databaseUrl, types });
    // An idle connection that PostgreSQL ends (a restart, an administrator, a timeout) is an
    // 'error' event on the pool; unheard, it would crash the process. The pool drops that
    // connection and opens a new one when next asked. Only the message and code are passed on:
    // the error also carries the client, whose parameters hold the password.
    pool.on('error', (error: Error & { code?: string }) =>
      lost(
        `a database connection was lost (${error.code ?? 'no code'}: ${error.message}); the next request opens a new one`,
      ),
    );
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: namedStatementPool(pool) }),
    });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  // The folder is checked and locked before PGlite touches it (dataDirLock.ts says why).
  const lock = options.dataDir ? await lockDataDir(prepareDataDir(options.dataDir)) : undefined;
  let pglite: PgliteThread;
  try {
    // date stays text (YYYY-MM-DD) there too: pgliteWorker.ts gives PGlite the same parser.
    pglite = await PgliteThread.start({
      ...(lock ? { dataDir: lock.folder } : {}),
      onLost: lost,
    });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      // PGlite closes in its thread, then the thread ends.
      await pglite.close();
      // Only after a clean close: if it failed, the process keeps the folder until it ends.
      await lock?.release();
    },
  };
}

/** Where a lost connection is reported when no logger is there yet: one line on stderr. */
export function reportToStderr(message: string): void {
  process.stderr.write(`microcore: ${message}\n`);
}

/** A clinic's settings that a request's work depends on (read with the clinic scope). */
export interface ClinicSettings {
  /** IANA time zone that decides what "today" is for the clinic's records (clinicCalendar.ts). */
  readonly timeZone: string;
}

/**
 * Run `work` in one transaction scoped to a clinic: `app.clinic_id` is set for the transaction
 * only, so the row-level security policies admit that clinic's rows and no others. The same round
 * trip reads the clinic's settings, which `work` receives beside the transaction.
 */
export async function inClinic<T>(
  db: Db,
  clinicId: string,
  work: (tx: Tx, clinic: ClinicSettings) => Promise<T>,
  options: { readOnly?: boolean; snapshot?: boolean } = {},
): Promise<T> {
  let transaction = options.readOnly
    ? db.transaction().setAccessMode('read only')
    : db.transaction();
  // One snapshot for every statement (a walk over many pages that must agree with a head read
  // after it, while other requests append).
  if (options.snapshot) transaction = transaction.setIsolationLevel('repeatable read');
  return transaction.execute(async (tx) => {
    const { rows } = await sql<{ time_zone: string | null }>`
      select set_config('app.clinic_id', ${clinicId}, true),
             (select time_zone from clinics where id = ${clinicId}::uuid) as time_zone`.execute(tx);
    return work(tx, { timeZone: rows[0]?.time_zone ?? DEFAULT_TIME_ZONE });
  });
}
