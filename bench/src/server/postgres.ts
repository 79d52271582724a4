import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the server benchmark, from the machine's binaries
 * (/usr/lib/postgresql/<major>/bin): initdb in a temp directory (as `postgres` when running as
 * root), started on 127.0.0.1 and a free port with trust authentication, one database. Returns
 * undefined when there are no binaries.
 */
export interface BenchCluster {
  readonly url: string;
  readonly version: string;
  /** The postmaster's process id: its children are the backends and the WAL writer. */
  postmasterPid(): number;
  stop(): void;
}

export async function startBenchCluster(): Promise<BenchCluster | undefined> {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (!version) return undefined;
  const bin = join(root, version, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'microcore-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, command), ...args] : args;
    const result = spawnSync(asRoot ? 'runuser' : join(bin, command), full, { encoding: 'utf8' });
    if (result.status !== 0)
      throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    'start',
  ]);
  const stop = () => {
    spawnSync(
      asRoot ? 'runuser' : join(bin, 'pg_ctl'),
      asRoot
        ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', 'stop']
        : ['-D', data, '-m', 'fast', 'stop'],
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'microcore']);
  } catch (error) {
    stop();
    throw error;
  }
  // postmaster.pid's first line is the postmaster's pid.
  const postmasterPid = () =>
    Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: `postgres://postgres@127.0.0.1:${port}/microcore`, version, postmasterPid, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
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
