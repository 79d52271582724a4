import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (never a downloaded one); MICROCORE_CHROMIUM names another. */
const CHROMIUM = process.env.MICROCORE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium as the web benchmark and its probes (bench/probe) drive it. */
export function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** How often, and below what CPU use of all Chromium's processes together, it counts as idle. */
const POLL_MS = 100;
const IDLE_CPU_SHARE = 0.15;

/**
 * Wait until all of Chromium's processes are idle (together under 15 % of one core for
 * `quietMs`), at most `timeoutMs`; true when they were.
 *
 * Why: every new page opens a window, and the window's own browser UI (the address bar's WebUI
 * renderer) takes about 1.2 s of CPU in its first second — on a 2-core machine, a core taken
 * from the page being timed. A clinic's browser has its window open before the planner's address
 * is typed, so a timed load starts once the new window is idle; its cache is still empty.
 */
export async function waitForBrowserIdle(
  browser: Browser,
  { quietMs = 300, timeoutMs = 10_000 } = {},
): Promise<boolean> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const cpuSeconds = async () => {
      const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
        processInfo: { cpuTime: number }[];
      };
      return processInfo.reduce((sum, process) => sum + process.cpuTime, 0);
    };
    const start = performance.now();
    let last = { cpuS: await cpuSeconds(), atMs: performance.now() };
    let quietSinceMs = last.atMs;
    while (performance.now() - start < timeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const now = { cpuS: await cpuSeconds(), atMs: performance.now() };
      if ((now.cpuS - last.cpuS) * 1000 > IDLE_CPU_SHARE * (now.atMs - last.atMs))
        quietSinceMs = now.atMs;
      else if (now.atMs - quietSinceMs >= quietMs) return true;
      last = now;
    }
    return false;
  } finally {
    await cdp.detach();
  }
}
