// Every request of a cold planner load as the browser's network stack saw it (the workers'
// included): when it was sent, waited for a connection, and answered, ms from the navigation.
// usage: node bench/probe/requests.mjs [runs]
import { launchBenchChromium } from '../dist/web/chromium.js';
import { firstPatientId, signedInContext, startBenchSite } from '../dist/web/site.js';

const runs = Number(process.argv[2] ?? 1);
const site = await startBenchSite(1);
const browser = await launchBenchChromium();
try {
  for (let run = 0; run < runs; run++) {
    const context = await signedInContext(browser, site);
    const patientId = await firstPatientId(context);
    const done = [];
    context.on('requestfinished', (request) => done.push(request));
    const page = await context.newPage();
    await page.goto(`/patients/${patientId}/planner`);
    await page.waitForFunction(
      () => Number(document.querySelector('canvas[data-cores-drawn]')?.dataset.coresDrawn) > 0,
      null,
      { timeout: 60000 },
    );
    await page.waitForTimeout(300);
    const t0 = done.find((r) => r.url().endsWith('/planner')).timing().startTime;
    const rows = done.map((r) => {
      const t = r.timing();
      const at = t.startTime - t0;
      return [
        at,
        `${r.url().replace(site.url, '').padEnd(58)} sent ${at.toFixed(0).padStart(5)}  connected +${Math.max(0, t.connectEnd).toFixed(0).padStart(4)}  request +${t.requestStart.toFixed(0).padStart(4)}  answered +${t.responseEnd.toFixed(0).padStart(4)} → ${(at + t.responseEnd).toFixed(0)}`,
      ];
    });
    console.log(
      `run ${run}\n${rows
        .sort((a, b) => a[0] - b[0])
        .map((r) => r[1])
        .join('\n')}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  await site.stop();
}
