import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createTestDatabase, type DatabaseKind } from './databases.js';

/**
 * A real server process for the crash trials (crash.test.ts, deliveryCrash.test.ts): started on
 * a database that outlives it — the embedded one's data directory, or a PostgreSQL database —
 * killed with SIGKILL, started again. The demo clinic's logins are its users.
 */
const bin = join(import.meta.dirname, '..', 'bin', 'microcore-server.js');
export const DEMO_PASSWORD = 'crash-test-password';
const AUDIT_KEY = randomBytes(32).toString('base64');

export interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

/** Where a server keeps its data across kills, as its environment says it; and its removal. */
export async function crashDatabase(
  kind: DatabaseKind,
): Promise<{ env: NodeJS.ProcessEnv; cleanUp: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'microcore-crash-'));
    return {
      env: { MICROCORE_DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_MIGRATION_URL: '' },
      cleanUp: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const created = await createTestDatabase('postgres');
  if (!('databaseUrl' in created.app) || !('databaseUrl' in created.owner))
    throw new Error('a PostgreSQL test database has URLs');
  return {
    env: {
      DATABASE_URL: created.app.databaseUrl,
      DATABASE_MIGRATION_URL: created.owner.databaseUrl,
      MICROCORE_DEMO: '1',
    },
    cleanUp: () => created.drop(),
  };
}

export function startServer(database: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MICROCORE_DEMO_PASSWORD: DEMO_PASSWORD,
      // The demo logins only: the synthetic cohort would slow the first start, not the trials.
      MICROCORE_DEMO_PATIENTS: '0',
      // The audit checkpoints' key (PostgreSQL needs one; PGlite would leave a key file behind).
      MICROCORE_AUDIT_KEY: AUDIT_KEY,
      ...database,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${out}`));
    });
  });
}

export async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

export function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
