/// <reference lib="dom" />
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe, expect } from 'vitest';

/**
 * The browser tests' world: the real server (`npm start`'s entry point, the demo clinic on a new
 * embedded database, the built web app) in its own process, and Debian's Chromium driven by
 * playwright-core. No test tool downloads a browser: without /usr/bin/chromium the suites are
 * registered as skipped, and with REQUIRE_BROWSER=1 (CI) that is a failure instead.
 */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_BIN = join(ROOT, 'packages/server/bin/microcore-server.js');
export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots');

/** Debian's Chromium (`apt-get install chromium`); MICROCORE_CHROMIUM names another. */
export const CHROMIUM = process.env.MICROCORE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags this machine needs: no sandbox as root, no GPU, no calls to Google's hosts. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DEMO_CLINICIAN = 'clinician@demo.clinic';
export const DEMO_ADMIN = 'admin@demo.clinic';
export const DEMO_RESEARCHER = 'researcher@demo.clinic';
export const DEMO_PASSWORD = 'microcore-demo';

const browserPresent = existsSync(CHROMIUM);
if (!browserPresent && process.env.REQUIRE_BROWSER === '1')
  throw new Error(
    `REQUIRE_BROWSER=1 but there is no browser at ${CHROMIUM}: apt-get install chromium (or set MICROCORE_CHROMIUM)`,
  );

/** A suite that needs the browser: skipped, and saying why, when the machine has none. */
export function describeInBrowser(title: string, suite: () => void): void {
  const shown = browserPresent
    ? title
    : `${title} (skipped: no browser at ${CHROMIUM}; apt-get install chromium)`;
  describe.skipIf(!browserPresent)(shown, suite);
}

export interface Site {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  /** The server's stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The server as `npm start` runs it, on a free port and a new data folder, with a demo clinic of
 * `demoPatients` synthetic patients. Resolves once it prints its address.
 *
 * `prepare` runs first, on the database folder the server will open (MICROCORE_DATA_DIR), while
 * no server holds it: a test writes there what no API route can (another clinic). It must close
 * the database before it returns, and seed the demo clinic itself (with `demoPatients`) if it
 * adds a clinic: the server seeds only a database without one.
 */
export async function startSite(
  options: {
    demoPatients?: number;
    env?: NodeJS.ProcessEnv;
    prepare?: (databaseDir: string, site: { demoPatients: number }) => Promise<void>;
  } = {},
): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'microcore-web-test-'));
  const demoPatients = options.demoPatients ?? 6;
  try {
    await options.prepare?.(join(dataDir, 'data'), { demoPatients });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const child: ChildProcess = spawn(process.execPath, [SERVER_BIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      MICROCORE_DATA_DIR: join(dataDir, 'data'),
      MICROCORE_DEMO_PATIENTS: String(demoPatients),
      MICROCORE_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    // A new data folder's migrations and the demo seed (its plans' predictions: some 5 s of CPU)
    // take seconds on a quiet machine, over a minute on a busy one (within the tests' 120 s set-up).
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 110_000);
    const look = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `extraArgs`: a test's own flags, e.g. a fake camera (`--use-fake-device-for-media-stream`). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

const APP_HANDLED = /^Failed to load resource: the server responded with a status of 4\d\d\b/;

const isApiUrl = (url: string, siteUrl: string) =>
  url.startsWith(`${siteUrl}/api/`) || url === `${siteUrl}/api`;

/**
 * A page that records what the browser complains about: console errors (a blocked script or
 * style is one: the Content-Security-Policy at work) and uncaught exceptions. Tests end with
 * `expectQuiet(page)`.
 */
export async function newPage(
  browser: Browser,
  site: Site,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; complaints: string[] }> {
  const context = await browser.newContext({
    baseURL: site.url,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: options.locale ?? 'en-GB',
  });
  const page = await context.newPage();
  const complaints: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The browser notes every 4xx it fetches. From the API they are answers the app shows (who is
    // signed in? a wrong password, a field's 422, another clinic's patient): not complaints.
    if (APP_HANDLED.test(message.text()) && isApiUrl(message.location().url, site.url)) return;
    complaints.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => complaints.push(`page error: ${error.message}`));
  return { context, page, complaints };
}

/** Sign in through the API in this browser context: the session cookie is then set for pages. */
export async function signInByApi(
  context: BrowserContext,
  email = DEMO_CLINICIAN,
  password = DEMO_PASSWORD,
): Promise<void> {
  const response = await context.request.post('/api/auth/login', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA rules).
 * The engine is run through the DevTools protocol, which the page's policy does not govern, so
 * the app's own Content-Security-Policy stays as strict as served.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await settled(page);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: unknown): Promise<unknown> } }).axe;
    const result = (await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: AxeViolation[] };
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
    );
}

/**
 * Wait until no finite animation or transition runs. A dialog still fading in is checked at part
 * opacity, and axe then measures its text against a blend with the page behind it: a contrast
 * failure that only the timing made (seen on a faster machine, the history dialog's badge).
 * Endless ones (a loader's spin) are left running.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    // Two frames: a transition the last render asked for has started by then.
    for (let k = 0; k < 2; k++) await new Promise((done) => requestAnimationFrame(done));
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
}

/** Write the screen's current screenshot to docs/screenshots/<name>.png (shown in the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: false });
}
