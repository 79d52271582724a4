import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';

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

/** The demo clinic's clinician, whom the server seeds on a new database. */
const DEMO_EMAIL = 'clinician@demo.clinic';
const DEMO_PASSWORD = 'microcore-demo';

/** The demo clinic's admin (the evidence screen's clinic scope). */
export const DEMO_ADMIN_EMAIL = 'admin@demo.clinic';

/** A new browser context (1280 × 800) on the site, signed in as the demo clinician (or `email`). */
export async function signedInContext(
  browser: Browser,
  site: BenchSite,
  email = DEMO_EMAIL,
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: site.url,
    viewport: { width: 1280, height: 800 },
  });
  const login = await context.request.post('/api/auth/login', {
    data: { email, password: DEMO_PASSWORD },
  });
  if (login.status() !== 200) throw new Error(`sign-in failed: ${login.status()}`);
  return context;
}

/** The first patient of the signed-in clinic. */
export async function firstPatientId(context: BrowserContext): Promise<string> {
  const list = (await (await context.request.get('/api/patients?pageSize=1')).json()) as {
    items: { id: string }[];
  };
  const id = list.items[0]?.id;
  if (!id) throw new Error('the demo clinic has no patient');
  return id;
}
