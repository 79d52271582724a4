/**
 * A probe, not a benchmark: a Chromium performance trace of coverage-slider steps in the planner
 * (the bench's re-plan rows, bench/src/web/index.ts), each step broken into the page's and the
 * planner worker's work, from the key to the frame that draws the new cores.
 *
 *   npx tsc -b && npm run build -w @microcore/web
 *   node bench/probe/replanTrace.mjs [one|all] [steps] [trace.json]
 *
 * Marks in the trace: probe:t0 (before Playwright presses the key, as the bench's t0),
 * probe:post (the page posts to the worker), probe:message (the plan is back; the worker's own
 * time with it) and probe:done (the canvas drew the new cores). The trace file opens in Chromium's
 * performance panel. CPU=1 adds V8's sampling profiler (slower; for "which function").
 */
import { readFileSync } from 'node:fs';
import { launchBenchChromium } from '../dist/web/chromium.js';
import { firstPatientId, signedInContext, startBenchSite } from '../dist/web/site.js';

const which = process.argv[2] === 'one' ? 'one' : 'all';
const steps = Number(process.argv[3] ?? 8);
const out = process.argv[4] ?? `/tmp/replan-trace-${which}.json`;

const site = await startBenchSite(1);
const browser = await launchBenchChromium();
try {
  const context = await signedInContext(browser, site);
  const patientId = await firstPatientId(context);
  // The page's side of the worker, marked (the app itself is not changed).
  await context.addInitScript(() => {
    const Native = window.Worker;
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) =>
          performance.mark('probe:message', { detail: { planMs: e.data?.planMs } }),
        );
      }
      postMessage(...args) {
        performance.mark('probe:post');
        return super.postMessage(...args);
      }
    };
  });
  const page = await context.newPage();
  await page.goto(`/patients/${patientId}/planner`);
  await page.waitForFunction(
    () => Number(document.querySelector('canvas[data-cores-drawn]')?.dataset.coresDrawn) > 0,
  );
  const boxes = page.getByRole('checkbox');
  for (let i = 0; i < (await boxes.count()); i++) {
    const box = boxes.nth(i);
    const name =
      (await box.getAttribute('aria-label')) ??
      (await box.evaluate((b) => b.labels?.[0]?.textContent ?? ''));
    const wanted = which === 'one' ? /submental/i.test(name) : true;
    if ((await box.isChecked()) !== wanted) await box.click();
  }
  const slider = page.getByRole('slider', { name: /submental/i }).first();
  await slider.focus();
  await slider.press('Home');
  await page.waitForTimeout(1000);
  const step = async () => {
    await page.evaluate(() => {
      const canvas = document.querySelector('canvas[data-cores-drawn]');
      const before = canvas.dataset.coresHash;
      window.__done = false;
      const observer = new MutationObserver(() => {
        if (canvas.dataset.coresHash !== before && !window.__done) {
          performance.mark('probe:done');
          window.__done = true;
          observer.disconnect();
        }
      });
      observer.observe(canvas, { attributes: true, attributeFilter: ['data-cores-drawn'] });
      performance.mark('probe:t0');
    });
    await slider.press('ArrowRight');
    await page.waitForFunction(() => window.__done);
    await page.waitForTimeout(300);
  };
  for (let i = 0; i < 2; i++) await step();
  await browser.startTracing(page, {
    path: out,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'v8.execute',
      'blink.user_timing',
      'toplevel',
      ...(process.env.CPU ? ['disabled-by-default-v8.cpu_profiler'] : []),
    ],
  });
  for (let i = 0; i < steps; i++) await step();
  await browser.stopTracing();
} finally {
  await browser.close();
  await site.stop();
}
report(JSON.parse(readFileSync(out, 'utf8')).traceEvents);

/** Each step's timeline, then the page's main-thread time per kind of work, a step on average. */
function report(events) {
  const key = (e) => `${e.pid}:${e.tid}`;
  const threads = new Map();
  for (const e of events) if (e.name === 'thread_name') threads.set(key(e), e.args.name);
  const marks = events.filter((e) => e.name?.startsWith('probe:')).sort((a, b) => a.ts - b.ts);
  const pid = marks[0].pid;
  const main = [...threads].find(([k, n]) => n === 'CrRendererMain' && k.startsWith(`${pid}:`))[0];
  const workers = [...threads]
    .filter(([k, n]) => /Worker/.test(n) && k.startsWith(`${pid}:`))
    .map(([k]) => k);
  const KINDS = [
    'EventDispatch',
    'FunctionCall',
    'RunMicrotasks',
    'FireAnimationFrame',
    'UpdateLayoutTree',
    'Layout',
    'PrePaint',
    'Paint',
    'Layerize',
    'Commit',
    'MinorGC',
    'MajorGC',
  ];
  const slices = events.filter((e) => e.ph === 'X' && e.dur !== undefined);
  const mainWork = slices
    .filter((e) => key(e) === main && KINDS.includes(e.name))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const totals = new Map();
  const t0s = marks.filter((m) => m.name === 'probe:t0');
  for (const [i, t0] of t0s.entries()) {
    const done = marks.find((m) => m.name === 'probe:done' && m.ts > t0.ts);
    if (!done) continue;
    const ms = (ts) => ((ts - t0.ts) / 1000).toFixed(1);
    const stepMarks = marks.filter((m) => m.ts >= t0.ts && m.ts <= done.ts);
    const line = stepMarks.map((m) => {
      const planMs = m.args?.data?.detail?.planMs;
      return `${m.name.slice(6)} ${ms(m.ts)}${planMs === undefined ? '' : ` (worker ${planMs.toFixed(1)})`}`;
    });
    const keydown = slices.find(
      (e) =>
        key(e) === main &&
        e.name === 'EventDispatch' &&
        e.args?.data?.type === 'keydown' &&
        e.ts > t0.ts,
    );
    const worker = slices.find(
      (e) =>
        workers.includes(key(e)) && e.name === 'FunctionCall' && e.ts > t0.ts && e.ts < done.ts,
    );
    console.log(
      `step ${i}: ${ms(done.ts)} ms — ${line.join(', ')}; keydown at ${keydown ? ms(keydown.ts) : '?'} for ${keydown ? (keydown.dur / 1000).toFixed(1) : '?'} ms; worker busy ${worker ? (worker.dur / 1000).toFixed(1) : '?'} ms`,
    );
    // The main thread's work inside the step, each slice counted once (not its nested kinds).
    let coveredTo = -1;
    for (const e of mainWork) {
      if (e.ts < coveredTo) continue;
      coveredTo = e.ts + e.dur;
      const inside = Math.min(done.ts, e.ts + e.dur) - Math.max(t0.ts, e.ts);
      if (inside > 0) totals.set(e.name, (totals.get(e.name) ?? 0) + inside);
    }
  }
  console.log(`main thread within a step, mean of ${t0s.length}:`);
  for (const [name, us] of [...totals].sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(18)} ${(us / t0s.length / 1000).toFixed(1)} ms`);
}
