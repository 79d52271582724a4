import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, inject } from 'vitest';
import { auditKeyPathBeside } from '../src/auditKey.js';
import { adminClient, type PostgresCluster, roleUrl } from './postgresCluster.js';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * Register a test file's suite once per database: `on pglite` and `on postgres`, the same
 * assertions on both. Without a PostgreSQL server (see postgresCluster.ts) the PostgreSQL
 * variant is registered as skipped, so the report shows it was not run.
 */
export function onEachDatabase(suite: (kind: DatabaseKind) => void): void {
  describe('on pglite', () => suite('pglite'));
  const cluster = inject('postgres');
  const title = cluster
    ? `on postgres ${cluster.version}`
    : 'on postgres (skipped: no PostgreSQL binaries found; apt-get install postgresql)';
  describe.skipIf(!cluster)(title, () => suite('postgres'));
}

/** What `openStorage` takes to connect as someone. */
export type StorageOptions = { databaseUrl: string } | { dataDir: string };

export interface TestDatabase {
  readonly kind: DatabaseKind;
  /** The tables' owner: runs the migrations; RLS does not bind it (tests inspect through it). */
  readonly owner: StorageOptions;
  /**
   * The server's request role: on PostgreSQL `microcore_app`, which RLS binds; on PGlite the
   * same single-user database as the owner (open it once and use it for both).
   */
  readonly app: StorageOptions;
  /** Delete the database (close every connection to it first). */
  drop(): Promise<void>;
  /** PostgreSQL: end every session on the database, as a restart or an administrator would. */
  terminateConnections?(): Promise<void>;
}

/** A new, empty database: a PGlite directory, or `test_<random>` owned by microcore_owner. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'microcore-server-test-'));
    return {
      kind,
      owner: { dataDir },
      app: { dataDir },
      drop: async () => {
        rmSync(dataDir, { recursive: true, force: true });
        // The audit key file a server started on this folder made beside it (auditKey.ts).
        rmSync(auditKeyPathBeside(dataDir), { force: true });
      },
    };
  }
  const cluster = requireCluster();
  const name = `test_${randomBytes(6).toString('hex')}`;
  await asSuperuser(cluster, `CREATE DATABASE ${name} OWNER ${cluster.owner.user}`);
  return {
    kind,
    owner: { databaseUrl: roleUrl(cluster, cluster.owner, name) },
    app: { databaseUrl: roleUrl(cluster, cluster.app, name) },
    drop: () => asSuperuser(cluster, `DROP DATABASE ${name}`),
    terminateConnections: () =>
      asSuperuser(
        cluster,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
      ),
  };
}

function requireCluster(): PostgresCluster {
  const cluster = inject('postgres');
  if (!cluster) throw new Error('no PostgreSQL test server (see test/postgresCluster.ts)');
  return cluster;
}

async function asSuperuser(cluster: PostgresCluster, statement: string): Promise<void> {
  const client = adminClient(cluster);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
