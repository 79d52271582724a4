import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The real server (packages/server/bin/microcore-server.js) in its own process, so that its CPU
 * is apart from the load generator's. Its last lines of output are kept for when a step fails.
 */
const SERVER_BIN = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'packages',
  'server',
  'bin',
  'microcore-server.js',
);
const KEPT_LINES = 20;

export interface ServerChild {
  readonly url: string;
  readonly pid: number;
  /** The server's last lines on stdout and stderr. */
  lastLines(): string[];
  stop(): Promise<void>;
}

export function startServerChild(env: NodeJS.ProcessEnv): Promise<ServerChild> {
  // BENCH_SERVER_NODE_ARGS: flags for the server's node, e.g. `--cpu-prof --cpu-prof-dir=/tmp/p`
  // to see where its CPU goes (node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_BIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MICROCORE_LOG_LEVEL: 'warn',
      // A key for this run's signed audit checkpoints (the server on PostgreSQL needs one).
      MICROCORE_AUDIT_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const keep = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const split = text.split('\n');
    partial = split.pop() ?? '';
    lines.push(...split);
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`the server exited (${code}) before listening:\n${lines.join('\n')}`));
    child.once('exit', onExit);
    const watch = () => {
      const match = lines.map((l) => /listening on (http:\/\/[^\s]+)/.exec(l)).find(Boolean);
      if (!match) return;
      child.stdout?.off('data', watch);
      child.off('exit', onExit);
      resolve({
        url: match[1],
        pid: pidOf(child),
        lastLines: () => [...lines],
        stop: () => stopChild(child),
      });
    };
    child.stdout?.on('data', watch);
  });
}

function pidOf(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('a server child without a pid');
  return child.pid;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
