import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: a throwaway PostgreSQL cluster for the server tests, started from the
 * machine's binaries (Debian's `postgresql` puts them in /usr/lib/postgresql/<major>/bin):
 * `initdb` in a temp directory (as the `postgres` user when running as root), `pg_ctl start`
 * on 127.0.0.1 and a free port, and, when the run ends (passed or failed), `pg_ctl stop -m
 * fast` and the directory removed. The tests get the connection details by `inject('postgres')`
 * (null when there is no server: the PostgreSQL variants are then skipped, or, with
 * REQUIRE_POSTGRES=1, the run fails here).
 *
 * Two roles, as in a deployment: `microcore_owner` owns each test database, runs the migrations
 * and owns the tables; `microcore_app` (LOGIN, NOSUPERUSER, NOBYPASSRLS) is what the server
 * connects as for requests, so row-level security binds it. MICROCORE_TEST_PG_ROOT overrides
 * /usr/lib/postgresql (the harness's own check of a machine without PostgreSQL).
 */

export interface PostgresCluster {
  readonly version: string;
  readonly port: number;
  /** Unix socket directory: the superuser `postgres` connects here (trust, local only). */
  readonly socketDir: string;
  readonly owner: { readonly user: string; readonly password: string };
  readonly app: { readonly user: string; readonly password: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresCluster | null;
  }
}

export const OWNER_ROLE = 'microcore_owner';
/** The fixed role name the migrations grant to (002_app_role.sql). */
export const APP_ROLE = 'microcore_app';

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const root = process.env.MICROCORE_TEST_PG_ROOT || '/usr/lib/postgresql';
  const bin = newestBinDir(root);
  if (!bin) {
    if (process.env.REQUIRE_POSTGRES === '1')
      throw new Error(
        `REQUIRE_POSTGRES=1 but no PostgreSQL binaries in ${root}; apt-get install -y postgresql`,
      );
    project.provide('postgres', null);
    return undefined;
  }
  const cluster = await startCluster(bin.dir, bin.version);
  try {
    await createRoles(cluster.info);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide('postgres', cluster.info);
  return cluster.stop;
}

function newestBinDir(root: string): { dir: string; version: string } | undefined {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .filter((name) =>
      ['initdb', 'pg_ctl'].every((tool) => existsSync(join(root, name, 'bin', tool))),
    )
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? { dir: join(root, versions[0], 'bin'), version: versions[0] } : undefined;
}

async function startCluster(bin: string, version: string) {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'microcore-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0)
      throw new Error('running as root, but there is no `postgres` user to run PostgreSQL as');
    chownSync(dir, Number(ids.stdout), Number(gids.stdout));
  }
  // As root, PostgreSQL refuses to run: its tools run as the `postgres` user instead.
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(
        `${tool} ${args.join(' ')} failed (${result.status ?? result.signal}):\n` +
          `${result.stdout}${result.stderr}${result.error ?? ''}\n${log}`,
      );
    }
  };
  let started = false;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      if (started) run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // If the run dies before Vitest calls the teardown, do not leave a server behind.
  process.on('exit', stop);
  try {
    // Local (socket) connections trust the OS user; TCP connections need a password.
    run('initdb', [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    let port = 0;
    for (let attempt = 0; !started; attempt++) {
      port = await freePort();
      try {
        // A test cluster: durability across an OS crash is not what it tests, speed is welcome.
        const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
        run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
        started = true;
      } catch (error) {
        if (attempt >= 2) throw error; // the port may have been taken meanwhile: retry
      }
    }
    const info: PostgresCluster = {
      version,
      port,
      socketDir: dir,
      owner: { user: OWNER_ROLE, password: randomBytes(12).toString('hex') },
      app: { user: APP_ROLE, password: randomBytes(12).toString('hex') },
    };
    return { info, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A port that was free a moment ago (pg_ctl is retried if it is taken meanwhile). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export function adminClient(cluster: PostgresCluster, database = 'postgres'): pg.Client {
  return new pg.Client({
    host: cluster.socketDir,
    port: cluster.port,
    user: 'postgres',
    database,
  });
}

export function roleUrl(
  cluster: PostgresCluster,
  role: { readonly user: string; readonly password: string },
  database: string,
): string {
  return `postgres://${role.user}:${role.password}@127.0.0.1:${cluster.port}/${database}`;
}

async function createRoles(cluster: PostgresCluster): Promise<void> {
  const client = adminClient(cluster);
  await client.connect();
  try {
    await client.query(
      `CREATE ROLE ${OWNER_ROLE} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS ` +
        `PASSWORD '${cluster.owner.password}'`,
    );
    // Created here, before any migration, so migrations of several test databases running at
    // once do not race to create it (roles are cluster-wide).
    await client.query(
      `CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS ` +
        `PASSWORD '${cluster.app.password}'`,
    );
  } finally {
    await client.end();
  }
}
