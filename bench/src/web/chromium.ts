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
