// Chromium starts a dedicated worker (fetches its script) only once the page's main thread is free:
// the main thread kept busy for a while right after `new Worker`, and when the script request started.
// usage: node bench/probe/workerstall.mjs (after the web build)

import { readdirSync } from 'node:fs';
import { launchBenchChromium } from '../dist/web/chromium.js';
import { startBenchSite } from '../dist/web/site.js';

const file = readdirSync(new URL('../../packages/web/dist/assets', import.meta.url)).find((f) =>
  /^planWorker-.*\.js$/.test(f),
);
const site = await startBenchSite(1);
const browser = await launchBenchChromium();
for (const busyMs of [0, 0, 50, 100, 150, 200, 0, 100]) {
  const context = await browser.newContext({ baseURL: site.url });
  const page = await context.newPage();
  await page.goto('/favicon.svg');
  const reqs = [];
  context.on('requestfinished', (r) => reqs.push(r));
  const made = await page.evaluate(
    ([f, busy]) => {
      const w = new Worker(`/assets/${f}`, { type: 'module' });
      window.__w = w;
      const t = performance.now();
      while (performance.now() - t < busy) {}
      return performance.timeOrigin + t;
    },
    [file, busyMs],
  );
  await page.waitForTimeout(1000);
  const r = reqs.find((q) => q.url().includes('planWorker'));
  const t = r?.timing();
  console.log(
    `main thread busy ${busyMs} ms after new Worker: script request sent +${(t.startTime - made).toFixed(0)} ms, started +${(t.startTime + t.requestStart - made).toFixed(0)}, answered +${(t.startTime + t.responseEnd - made).toFixed(0)}`,
  );
  await context.close();
}
await browser.close();
await site.stop();
