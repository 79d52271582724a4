import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server as `npm start` runs it (its own process, a new embedded database with the demo
 * clinic, the built web app), on a free port of 127.0.0.1. The web benchmark's pages load from it
 * exactly as a clinic's browser would.
 */
export interface BenchSite {
  readonly url: string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function startBenchSite(demoPatients: number): Promise<BenchSite> {
  const dir = mkdtempSync(join(tmpdir(), 'microcore-bench-web-'));
  const child = spawn(process.execPath, [join(ROOT, 'packages/server/bin/microcore-server.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MICROCORE_DATA_DIR: join(dir, 'data'),
      MICROCORE_DEMO_PATIENTS: String(demoPatients),
      MICROCORE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
