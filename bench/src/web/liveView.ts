/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import type { BenchContext } from '../benchmark.js';
import { median } from '../stats.js';
import type { Row } from './index.js';
import { type BenchSite, signedInContext } from './site.js';

/**
 * The live delivery view (issue 14) while cores arrive: a demo session started through the API,
 * its live screen opened as the console that started it (its id put in the tab's sessionStorage),
 * the simulated handpiece played at ×10, ×100 and full speed — both faster than the device's ~5
 * events a second. For a few seconds of each, the page's own requestAnimationFrame timestamps
 * give the frames per second (one sample a second), and the screen's `microcore:live-draw` user
 * timings each frame's drawing; the events the server committed meanwhile give the rate drawn.
 */

/**
 * Seconds measured at each speed, one after the other on one session: ×10 and ×100 send some
 * 50 and 500 events a second, full speed ~9,000 (it ends a 40,000-core session in a few seconds).
 */
const WINDOW_S = { x10: 8, x100: 8, full: 3 } as const;

/**
 * "Keeps 60 frames a second", judged on every whole second measured, not on their median: one
 * second that stutters is what a practitioner sees. A whole second of a 60 Hz display counts 59
 * to 61 frames by where the seconds fall, so a second counts as kept at 58 or more.
 */
const KEPT_FPS = 58;

/**
 * Counts, in the page, the animation frames of every whole second from the call on (the partial
 * second it starts in is left out); a second call stops the first's loop.
 */
const FRAME_PROBE = `
  (() => {
    const run = (window.__frameRun = (window.__frameRun ?? 0) + 1);
    window.__frameSeconds = [];
    let second = -1;
    let frames = 0;
    const tick = (now) => {
      if (window.__frameRun !== run) return;
      const s = Math.floor(now / 1000);
      if (s !== second) {
        if (second !== -1 && frames > 0 && window.__frameStarted) window.__frameSeconds.push(frames);
        window.__frameStarted = second !== -1;
        frames = 0;
        second = s;
      }
      frames++;
      requestAnimationFrame(tick);
    };
    window.__frameStarted = false;
    requestAnimationFrame(tick);
  })();
`;

export async function liveView(
  browser: Browser,
  site: BenchSite,
  patientId: string,
  ctx: BenchContext,
): Promise<Row[]> {
  const context = await signedInContext(browser, site);
  const plans = (await (await context.request.get(`/api/patients/${patientId}/plans`)).json()) as {
    items: { id: string; totals: { cores: number } }[];
  };
  // The plan with the most cores (the bench's own 40,000-core plan when zoomAndPan has run).
  const plan = [...plans.items].sort((a, b) => b.totals.cores - a.totals.cores)[0];
  if (!plan) throw new Error('live view: the patient has no plan');
  const planId = plan.id;
  const cores = plan.totals.cores.toLocaleString('en-GB');
  const consoleId = `bench-${Date.now()}`;
  const start = (more: object) =>
    context.request.post(`/api/patients/${patientId}/delivery-sessions`, {
      data: { planId, consoleId, anaesthesia: 'topical', ...more },
    });
  // The demo patient may have had a session lately: the server then asks for the reason.
  let started = await start({});
  if (started.status() === 422) started = await start({ intervalReason: 'bench run' });
  if (started.status() !== 201)
    throw new Error(`live view: start ${started.status()} ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  await context.addInitScript(([key, value]) => sessionStorage.setItem(key, value), [
    `microcore.delivery.console.${id}`,
    consoleId,
  ] as const);
  const page = await context.newPage();
  await page.goto(`/patients/${patientId}/delivery/${id}`);
  await page.getByText('Console connected').waitFor({ timeout: 60_000 });
  const rows: Row[] = [];
  for (const [speed, label, seconds] of [
    ['×10', '×10', WINDOW_S.x10],
    ['×100', '×100', WINDOW_S.x100],
    ['Full speed', 'full speed', WINDOW_S.full],
  ] as const) {
    await page.getByText(speed, { exact: true }).click();
    await page.waitForTimeout(500);
    const before = await committed(page);
    await page.evaluate(() => performance.clearMeasures('microcore:live-draw'));
    await page.evaluate(FRAME_PROBE);
    await page.waitForTimeout(seconds * 1000 + 100);
    const fps = await page.evaluate(
      () => (window as unknown as { __frameSeconds: number[] }).__frameSeconds,
    );
    const draws = await page.evaluate(() =>
      performance.getEntriesByName('microcore:live-draw').map((e) => e.duration),
    );
    const events = (await committed(page)) - before;
    const rate = events / seconds;
    ctx.log(
      `  live view at ${label}: ${rate.toFixed(0)} events/s committed, fps median ${median(fps).toFixed(0)} (min ${Math.min(...fps)}), drawing per frame median ${median(draws).toFixed(2)} ms (${draws.length} frames drew)`,
    );
    rows.push({
      measure: `Live view while cores arrive, ${cores}-core plan, ${label} (${rate.toFixed(0)} events/s): frames in each whole second (least ${Math.min(...fps)})`,
      target: `60 fps: every second ≥ ${KEPT_FPS}`,
      samples: fps,
      judged: 'each',
      limit: KEPT_FPS,
      atLeast: true,
      unit: 'fps',
    });
    rows.push({
      measure: `Live view while cores arrive, ${cores}-core plan, ${label}: each frame's drawing (${draws.length} frames that drew)`,
      target: 'p95 ≤ 4 ms',
      samples: draws.length > 0 ? draws : [0],
      judged: 'p95',
      limit: 4,
      unit: 'ms',
    });
  }
  await context.close();
  return rows;
}

async function committed(page: Page): Promise<number> {
  const text = await page.locator('dt:text-is("Events committed") + dd').first().textContent();
  return Number((text ?? '').replace(/[^\d]/g, '') || '0');
}
