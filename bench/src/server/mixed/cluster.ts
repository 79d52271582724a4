import pg from 'pg';
import { startBenchCluster } from '../postgres.js';

/**
 * A throwaway PostgreSQL cluster with the two roles of a deployment (README: Configuration):
 * `microcore_owner` owns the database and runs the migrations, `microcore_app` (neither owner,
 * superuser nor BYPASSRLS) serves the requests, so the row-level security policies bind it as
 * they would in a clinic group's deployment. Undefined when the machine has no PostgreSQL.
 */
export interface AppCluster {
  readonly version: string;
  /** The tables' owner: migrations and the bench's own seeding. */
  readonly ownerUrl: string;
  /** What the server connects as for requests (DATABASE_URL). */
  readonly appUrl: string;
  postmasterPid(): number;
  /**
   * After the seed: statistics for the planner and a checkpoint, so the load meets a database in
   * its steady state rather than autovacuum and the seed's dirty pages.
   */
  settle(): Promise<void>;
  stop(): void;
}

const OWNER_ROLE = 'microcore_owner';
/** The role name the migrations grant to (packages/server/migrations/002_app_role.sql). */
const APP_ROLE = 'microcore_app';

export async function startAppCluster(): Promise<AppCluster | undefined> {
  const cluster = await startBenchCluster();
  if (!cluster) return undefined;
  try {
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      // The bench cluster trusts local TCP connections: the roles need no password.
      for (const role of [OWNER_ROLE, APP_ROLE])
        await client.query(
          `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS`,
        );
      // The public schema belongs to the database's owner (PostgreSQL ≥ 15), so the owner may
      // create the tables there.
      await client.query(`ALTER DATABASE microcore OWNER TO ${OWNER_ROLE}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const as = (role: string) => cluster.url.replace('postgres://postgres@', `postgres://${role}@`);
  return {
    version: cluster.version,
    ownerUrl: as(OWNER_ROLE),
    appUrl: as(APP_ROLE),
    postmasterPid: () => cluster.postmasterPid(),
    settle: async () => {
      const client = new pg.Client({ connectionString: cluster.url });
      await client.connect();
      try {
        await client.query('VACUUM ANALYZE');
        await client.query('CHECKPOINT');
      } finally {
        await client.end();
      }
    },
    stop: () => cluster.stop(),
  };
}
