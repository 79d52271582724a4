import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@microcore/core';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Crash safety: a server process on the embedded database is killed with SIGKILL at a random
 * moment during a burst of writes, then started again on the same data directory. Every write
 * that was answered 2xx must be there, and the audit chain must verify. `npm run soak` runs the
 * same trials for longer (SOAK_TRIALS).
 */
const TRIALS = Number(process.env.SOAK_TRIALS ?? 20);
const bin = join(import.meta.dirname, '..', 'bin', 'microcore-server.js');
const password = 'crash-test-password';
const dataDir = mkdtempSync(join(tmpdir(), 'microcore-crash-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
}

function start(): Promise<Server> {
  const child = spawn(process.execPath, [bin], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MICROCORE_DATA_DIR: dataDir,
      MICROCORE_DEMO_PASSWORD: password,
      // The demo logins only: the synthetic cohort would slow the first start, not the trials.
      MICROCORE_DEMO_PATIENTS: '0',
      DATABASE_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
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

async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('crash safety (SIGKILL during writes)', () => {
  it(`keeps every acknowledged write and an intact audit chain over ${TRIALS} kills`, async () => {
    const rng = new Rng(2026);
    const acknowledged: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const server = await start();
      try {
        const token = await login(server.url, 'clinician@demo.clinic');
        // Everything acknowledged before the last kill is still there.
        for (const id of acknowledged) {
          const response = await fetch(`${server.url}/api/patients/${id}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          expect(response.status, `patient ${id} acknowledged before a kill`).toBe(200);
        }
        const admin = await login(server.url, 'admin@demo.clinic');
        const verify = await fetch(`${server.url}/api/audit/verify`, {
          headers: { authorization: `Bearer ${admin}` },
        });
        expect(await verify.json()).toMatchObject({ ok: true });

        // A burst of writes, killed at a random moment.
        const killAfterMs = 20 + rng.int(300);
        let stop = false;
        const writer = async () => {
          while (!stop) {
            try {
              const response = await fetch(`${server.url}/api/patients`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({
                  givenName: `Trial${trial}`,
                  familyName: 'Crash',
                  birthDate: '1970-01-01',
                  sex: 'female',
                  fitzpatrickType: 2,
                  laxityGrade: 2,
                }),
              });
              if (response.status === 201)
                acknowledged.push(((await response.json()) as { id: string }).id);
            } catch {
              return; // the connection died with the server: that write was never acknowledged
            }
          }
        };
        const writers = [writer(), writer(), writer(), writer()];
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await killed(server.child);
        stop = true;
        await Promise.all(writers);
      } finally {
        await killed(server.child);
      }
    }
    // A last start: the final burst's acknowledged writes are there too.
    const server = await start();
    try {
      const token = await login(server.url, 'clinician@demo.clinic');
      for (const id of acknowledged) {
        const response = await fetch(`${server.url}/api/patients/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status, `patient ${id}`).toBe(200);
      }
      const admin = await login(server.url, 'admin@demo.clinic');
      const verify = await fetch(`${server.url}/api/audit/verify`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(await verify.json()).toMatchObject({ ok: true });
    } finally {
      await killed(server.child);
    }
    expect(acknowledged.length).toBeGreaterThan(TRIALS);
  }, 600_000);
});
