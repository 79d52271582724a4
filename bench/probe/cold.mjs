// Waterfall probe of the planner's cold load (not part of the bench; see README.md here).
// usage: node bench/probe/cold.mjs [runs] [--trace file] [--no-settle]
import { launchBenchChromium, waitForBrowserIdle } from '../dist/web/chromium.js';
import { firstPatientId, signedInContext, startBenchSite } from '../dist/web/site.js';

const runs = Number(process.argv[2] ?? 3);
const traceAt = process.argv.indexOf('--trace');
const site = await startBenchSite(1);
const browser = await launchBenchChromium();
// Also records, per plan job, when the page posted it, when its answer came, and the worker's own planMs.
const JOBS = `(() => { const W = window.Worker; window.__jobs = []; window.Worker = class extends W { constructor(...a) { super(...a); window.__workerMade ??= performance.now(); this.addEventListener('message', (e) => { const j = window.__jobs.find((j) => j.id === e.data?.id && j.back === undefined); if (j) { j.back = performance.now(); j.planMs = e.data.planMs; } }); } postMessage(m, t) { if (m && m.id !== undefined) window.__jobs.push({ id: m.id, posted: performance.now() }); return super.postMessage(m, t); } }; })();`;
const PROBE = `new MutationObserver(() => { if (window.__first) return; const c = document.querySelector('canvas[data-cores-drawn]'); if (c) { window.__canvas ??= performance.now(); if (Number(c.dataset.coresDrawn) > 0) window.__first = performance.now(); } }).observe(document, { subtree: true, attributes: true, childList: true });`;
try {
  const firsts = [];
  for (let run = 0; run < runs; run++) {
    const context = await signedInContext(browser, site);
    const patientId = await firstPatientId(context);
    await context.addInitScript(PROBE);
    await context.addInitScript(JOBS);
    const page = await context.newPage();
    // As the bench: navigate once the new window's own browser UI is idle (--no-settle: at once).
    if (!process.argv.includes('--no-settle')) await waitForBrowserIdle(browser);
    const workers = [];
    page.on('worker', (w) => workers.push(w));
    if (traceAt > 0 && run === runs - 1)
      await browser.startTracing(page, { path: process.argv[traceAt + 1], screenshots: false });
    await page.goto(`/patients/${patientId}/planner`);
    await page.waitForFunction(() => window.__first, null, { timeout: 60000 });
    if (traceAt > 0 && run === runs - 1) await browser.stopTracing();
    const r = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      first: window.__first,
      canvas: window.__canvas,
      fcp: performance.getEntriesByType('paint').map((e) => `${e.name} ${e.startTime.toFixed(0)}`),
      res: performance
        .getEntriesByType('resource')
        .map((e) => [
          e.name.replace(location.origin, ''),
          e.startTime,
          e.responseEnd,
          e.transferSize,
        ]),
      nav: performance.getEntriesByType('navigation')[0],
      jobs: window.__jobs,
      workerMade: window.__workerMade,
      marks: performance
        .getEntriesByType('measure')
        .concat(performance.getEntriesByType('mark'))
        .map((e) => [e.name, e.startTime, e.duration]),
    }));
    const lines = [];
    lines.push(
      `nav responseEnd ${r.nav.responseEnd.toFixed(0)} domInteractive ${r.nav.domInteractive.toFixed(0)} domContentLoaded ${r.nav.domContentLoadedEventEnd.toFixed(0)}`,
    );
    for (const [n, s, e, t] of r.res)
      lines.push(
        `  ${n.padEnd(60)} ${s.toFixed(0).padStart(5)} → ${e.toFixed(0).padStart(5)}  ${t} B`,
      );
    for (const w of workers) {
      try {
        const wr = await w.evaluate(() => ({
          origin: performance.timeOrigin,
          res: performance
            .getEntriesByType('resource')
            .map((e) => [e.name.replace(location.origin, ''), e.startTime, e.responseEnd]),
          marks: performance
            .getEntriesByType('mark')
            .concat(performance.getEntriesByType('measure'))
            .map((e) => [e.name, e.startTime, e.duration]),
        }));
        const d = wr.origin - r.origin;
        lines.push(`  worker ${w.url().replace(site.url, '')} origin +${d.toFixed(0)}`);
        for (const [n, s, e] of wr.res)
          lines.push(
            `    ${n.padEnd(58)} ${(s + d).toFixed(0).padStart(5)} → ${(e + d).toFixed(0).padStart(5)}`,
          );
        for (const [n, s, du] of wr.marks)
          lines.push(`    mark ${n} ${(s + d).toFixed(0)} +${du.toFixed(0)}`);
      } catch {
        lines.push(`  worker ${w.url()} gone`);
      }
    }
    for (const [n, s, du] of r.marks)
      lines.push(`  page mark ${n} ${s.toFixed(0)} +${du.toFixed(1)}`);
    lines.push(
      `  worker made ${r.workerMade?.toFixed(0)}; jobs ${JSON.stringify((r.jobs ?? []).map((j) => [Math.round(j.posted), Math.round(j.back), Math.round(j.planMs)]))} [posted, answered, planMs]`,
    );
    lines.push(
      `  paint ${r.fcp.join(', ')}; canvas ${r.canvas?.toFixed(0)}; first cores ${r.first.toFixed(0)}`,
    );
    console.log(`run ${run}: first ${r.first.toFixed(0)} ms\n${lines.join('\n')}`);
    firsts.push(r.first);
    await context.close();
  }
  firsts.sort((a, b) => a - b);
  console.log(
    `first draw: ${firsts.map((f) => f.toFixed(0)).join(', ')}; median ${firsts[Math.floor(firsts.length / 2)].toFixed(0)}`,
  );
} finally {
  await browser.close();
  await site.stop();
}
