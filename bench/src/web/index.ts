/// <reference lib="dom" />
import { gzipSync } from 'node:zlib';
import { DEFAULT_TEMPLATE } from '@microcore/core';
import type { Browser, Page } from 'playwright-core';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeMachine, formatMachine } from '../machine.js';
import { median } from '../stats.js';
import { renderTable } from '../table.js';
import { launchBenchChromium, waitForBrowserIdle } from './chromium.js';
import { evidenceCharts } from './evidence.js';
import { liveView } from './liveView.js';
import { type BenchSite, firstPatientId, signedInContext, startBenchSite } from './site.js';

/**
 * The web app in Debian's Chromium (issue 11's speed targets): what a clinic's browser waits for.
 * The server runs as `npm start` runs it; every page is a real page of the built app.
 *
 * - JavaScript before the first screen: the scripts a cold browser loads until the sign-in screen
 *   (signed out) or the patient list (signed in) shows, gzip-compressed here (zlib level 9, as the
 *   build's report), since the server itself sends them uncompressed on localhost.
 * - Cold load of the planner: a new browser context each run (no cache), signed in, its new
 *   window left to become idle first (`waitForBrowserIdle`), from navigation start to the first
 *   frame that draws the plan's cores (the page's own clock).
 * - Re-plan and redraw after a slider move: a coverage slider moved one step with the keyboard,
 *   from the key reaching the page (a capture-phase keydown listener) to the first frame drawn
 *   with the new cores (a MutationObserver on the canvas; the page's clock), for one zone and for
 *   all seven.
 * - Zoom and pan: the work of each frame the planner draws (its `microcore:plan-draw` user timing)
 *   during 40 wheel steps and 40 drag steps, for plans of about 12,000 and 40,000 cores.
 * - The prediction of the default plan: the worker's own time, and from starting the worker to the
 *   result on the page (the prediction screen's `prediction-timing` element).
 * - The evidence charts for 10,000 patients (evidence.ts): from the click on "Evidence" to the
 *   frame that shows every chart, the API's answers those of a 10,000-patient clinic.
 * - The patient timeline with 200 records and 40 photos (issue 13): a cold load, as the planner's,
 *   from navigation start to the last of its entries in the page (timeline.ts); and the bytes of
 *   a photo's thumbnail against the photo itself.
 * - The live delivery view (issue 14, liveView.ts): frames a second and each frame's drawing while
 *   the demo handpiece sends at ×10 and at full speed.
 */
const ALL_ZONES = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

/** The plans drawn for zoom and pan: about 12,000 and 40,000 cores. */
const DRAWN_PLANS = [
  { name: 'all 7 zones, 22G at 6 %', body: { zones: ALL_ZONES, needle: '22G', coverage: 6 } },
  { name: 'all 7 zones, 27G at 5.5 %', body: { zones: ALL_ZONES, needle: '27G', coverage: 5.5 } },
];

export interface Row {
  readonly measure: string;
  readonly target: string;
  readonly samples: readonly number[];
  /** Which statistic the target applies to. */
  readonly judged: 'median' | 'p95' | 'max' | 'each' | 'reference';
  readonly limit: number;
  /** The target is a floor (frames a second), not a ceiling. */
  readonly atLeast?: boolean;
  readonly unit: 'ms' | 'kB' | 'fps';
}

function p95(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? Number.NaN;
}

export const webBenchmark: Benchmark = {
  name: 'web',
  async run(ctx) {
    const runs = ctx.quick ? 2 : 5;
    const site = await startBenchSite(1);
    const browser = await launchBenchChromium();
    try {
      const rows: Row[] = [];
      rows.push(...(await firstScreenScripts(browser, site, ctx)));
      const patientId = await firstPatient(browser, site);
      rows.push(await coldPlanner(browser, site, patientId, runs, ctx));
      rows.push(await coldPlanner(browser, site, patientId, runs, ctx, false));
      rows.push(...(await replans(browser, site, patientId, ctx.quick ? 5 : 20, ctx)));
      rows.push(...(await zoomAndPan(browser, site, patientId, ctx)));
      rows.push(...(await prediction(browser, site, patientId, ctx.quick ? 2 : 3, ctx)));
      rows.push(...(await evidenceCharts(browser, site, runs, ctx)));
      rows.push(...(await timeline(browser, site, runs, ctx)));
      rows.push(...(await liveView(browser, site, patientId, ctx)));
      return section(rows, browser.version(), runs);
    } finally {
      await browser.close();
      await site.stop();
    }
  },
};

async function firstPatient(browser: Browser, site: BenchSite): Promise<string> {
  const context = await signedInContext(browser, site);
  const id = await firstPatientId(context);
  await context.close();
  return id;
}

async function firstScreenScripts(
  browser: Browser,
  site: BenchSite,
  ctx: BenchContext,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [screen, path, heading, signIn] of [
    ['sign-in (signed out)', '/sign-in', /sign in/i, false],
    ['patient list (signed in)', '/patients', /patients/i, true],
  ] as const) {
    const context = signIn
      ? await signedInContext(browser, site)
      : await browser.newContext({ baseURL: site.url });
    const page = await context.newPage();
    const bodies: Promise<Buffer>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') bodies.push(response.body());
    });
    await page.goto(path);
    await page.getByRole('heading', { name: heading }).first().waitFor();
    const gzipKb =
      (await Promise.all(bodies)).reduce(
        (sum, body) => sum + gzipSync(body, { level: 9 }).length,
        0,
      ) / 1000;
    ctx.log(`  scripts before the ${screen} screen: ${gzipKb.toFixed(1)} kB gzip`);
    rows.push({
      measure: `JavaScript before the first screen: ${screen}`,
      target: '≤ 300 kB gzip',
      samples: [gzipKb],
      judged: 'each',
      limit: 300,
      unit: 'kB',
    });
    await context.close();
  }
  return rows;
}

/** Records, in the page, when the plan canvas first draws cores (before the app's scripts run). */
const FIRST_DRAW_PROBE = `
  new MutationObserver(() => {
    if (window.__firstDrawMs !== undefined) return;
    const canvas = document.querySelector('canvas[data-cores-drawn]');
    if (canvas && Number(canvas.dataset.coresDrawn) > 0) window.__firstDrawMs = performance.now();
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-cores-drawn'] });
`;

/**
 * The planner's cold load, `runs` times: navigated once the new window is idle (judged), or, with
 * `settle` false, at once as the window opens (shown for reference: the window's own browser UI
 * then loads on the other core).
 */
async function coldPlanner(
  browser: Browser,
  site: BenchSite,
  patientId: string,
  runs: number,
  ctx: BenchContext,
  settle = true,
): Promise<Row> {
  const samples: number[] = [];
  let unsettled = 0;
  for (let run = 0; run < runs; run++) {
    const context = await signedInContext(browser, site);
    await context.addInitScript(FIRST_DRAW_PROBE);
    const page = await context.newPage();
    if (settle && !(await waitForBrowserIdle(browser))) unsettled++;
    await page.goto(`/patients/${patientId}/planner`);
    await page.waitForFunction(() => (window as { __firstDrawMs?: number }).__firstDrawMs, null, {
      timeout: 60_000,
    });
    samples.push(
      await page.evaluate(() => (window as { __firstDrawMs?: number }).__firstDrawMs ?? 0),
    );
    await context.close();
  }
  const when = settle ? 'once the new window is idle' : 'as the new window opens';
  ctx.log(
    `  cold load of the planner, ${when}: ${samples.map((s) => s.toFixed(0)).join(', ')} ms${unsettled ? ` (${unsettled} runs started before Chromium was idle)` : ''}`,
  );
  return {
    measure: `Cold load of the planner to its first drawn plan, navigated ${when}`,
    target: settle ? '≤ 1.5 s' : 'for reference',
    samples,
    judged: settle ? 'median' : 'reference',
    limit: 1500,
    unit: 'ms',
  };
}

async function openPlanner(page: Page, patientId: string): Promise<void> {
  await page.goto(`/patients/${patientId}/planner`);
  await page.locator('canvas[data-cores-drawn]').waitFor();
  await page.waitForFunction(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-cores-drawn]');
    return Number(canvas?.dataset.coresDrawn) > 0;
  });
}

/** Move `slider` one step and time it to the first frame drawn with the new cores, ms. */
async function timeOneStep(page: Page, slider: ReturnType<Page['getByRole']>, key: string) {
  await page.evaluate(() => {
    const w = window as { __replan?: { t0: number; doneMs?: number } };
    const canvas = document.querySelector<HTMLCanvasElement>('canvas[data-cores-drawn]');
    if (!canvas) throw new Error('no plan canvas');
    const before = canvas.dataset.coresHash;
    const probe: { t0: number; doneMs?: number } = { t0: 0 };
    const observer = new MutationObserver(() => {
      if (canvas.dataset.coresHash !== before && probe.doneMs === undefined) {
        probe.doneMs = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(canvas, { attributes: true, attributeFilter: ['data-cores-drawn'] });
    w.__replan = probe;
    // The step starts when the key reaches the page: the time Playwright takes to find the
    // slider and send the key (11–16 ms here) is the test driver's, not the app's.
    window.addEventListener(
      'keydown',
      () => {
        probe.t0 = performance.now();
      },
      { capture: true, once: true },
    );
  });
  await slider.press(key);
  await page.waitForFunction(
    () => (window as { __replan?: { doneMs?: number } }).__replan?.doneMs !== undefined,
    null,
    { timeout: 30_000 },
  );
  return page.evaluate(() => {
    const probe = (window as { __replan?: { t0: number; doneMs?: number } }).__replan;
    return (probe?.doneMs ?? 0) - (probe?.t0 ?? 0);
  });
}

async function replans(
  browser: Browser,
  site: BenchSite,
  patientId: string,
  steps: number,
  ctx: BenchContext,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [label, onlySubmental] of [
    ['one zone (submental)', true],
    ['the whole face (7 zones)', false],
  ] as const) {
    const context = await signedInContext(browser, site);
    const page = await context.newPage();
    await openPlanner(page, patientId);
    const boxes = page.getByRole('checkbox');
    for (let i = 0; i < (await boxes.count()); i++) {
      const box = boxes.nth(i);
      const name =
        (await box.getAttribute('aria-label')) ??
        (await box.evaluate((b) => (b as HTMLInputElement).labels?.[0]?.textContent ?? ''));
      const wanted = onlySubmental ? /submental/i.test(name) : true;
      if ((await box.isChecked()) !== wanted) await box.click();
    }
    const slider = page.getByRole('slider', { name: /submental/i }).first();
    await slider.focus();
    await slider.press('Home');
    await page.waitForTimeout(1000);
    const samples: number[] = [];
    for (let step = 0; step < steps; step++)
      samples.push(await timeOneStep(page, slider, 'ArrowRight'));
    const cores = await page.locator('canvas[data-cores-drawn]').getAttribute('data-cores-drawn');
    ctx.log(
      `  re-plan after a slider step, ${label} (${cores} cores): median ${median(samples).toFixed(0)} ms, p95 ${p95(samples).toFixed(0)} ms`,
    );
    rows.push({
      measure: `Re-plan and redraw after a slider step: ${label}, ${cores} cores at the end`,
      target: onlySubmental ? 'p95 ≤ 50 ms' : 'p95 ≤ 150 ms',
      samples,
      judged: 'p95',
      limit: onlySubmental ? 50 : 150,
      unit: 'ms',
    });
    await context.close();
  }
  return rows;
}

async function zoomAndPan(
  browser: Browser,
  site: BenchSite,
  patientId: string,
  ctx: BenchContext,
): Promise<Row[]> {
  const rows: Row[] = [];
  const context = await signedInContext(browser, site);
  for (const plan of DRAWN_PLANS) {
    const created = await context.request.post(`/api/patients/${patientId}/plans`, {
      data: plan.body,
    });
    if (created.status() !== 201) throw new Error(`plan ${plan.name}: ${created.status()}`);
    const { id } = (await created.json()) as { id: string };
    const page = await context.newPage();
    await page.goto(`/patients/${patientId}/plans/${id}`);
    const canvas = page.locator('canvas[data-cores-drawn]');
    await page.waitForFunction(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-cores-drawn]');
      return Number(c?.dataset.coresDrawn) > 0;
    });
    const cores = await canvas
      .getAttribute('data-cores-hash')
      .then(() => page.locator('[data-total-cores]').first().getAttribute('data-total-cores'));
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the plan canvas is not on screen');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.evaluate(() => performance.clearMeasures('microcore:plan-draw'));
    await page.mouse.move(cx, cy);
    for (let i = 0; i < 40; i++) {
      await page.mouse.wheel(0, i < 20 ? -120 : 120);
      await page.waitForTimeout(16);
    }
    await page.mouse.down();
    for (let i = 0; i < 40; i++) {
      await page.mouse.move(cx + 4 * (i % 20) - 40, cy + 2 * (i % 10), { steps: 1 });
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(500);
    const frames = await page.evaluate(() =>
      performance.getEntriesByName('microcore:plan-draw').map((entry) => entry.duration),
    );
    if (frames.length === 0)
      throw new Error(
        'the planner recorded no microcore:plan-draw timings while zoomed and panned',
      );
    const limit = Number(cores) > 20_000 ? 33 : 16;
    ctx.log(
      `  zoom and pan, ${plan.name} (${cores} cores): ${frames.length} frames, median ${median(frames).toFixed(1)} ms, p95 ${p95(frames).toFixed(1)} ms`,
    );
    rows.push({
      measure: `Zoom and pan, each frame's drawing: ${plan.name}, ${cores} cores (${frames.length} frames)`,
      target: `p95 ≤ ${limit} ms`,
      samples: frames,
      judged: 'p95',
      limit,
      unit: 'ms',
    });
    await page.close();
  }
  await context.close();
  return rows;
}

async function prediction(
  browser: Browser,
  site: BenchSite,
  patientId: string,
  runs: number,
  ctx: BenchContext,
): Promise<Row[]> {
  const context = await signedInContext(browser, site);
  const plans = (await (await context.request.get(`/api/patients/${patientId}/plans`)).json()) as {
    items: { id: string; totals: { coreCount?: number } }[];
  };
  // The demo patient's own plan: the default plan (the indicated zones at 22G, 10,753 cores).
  const plan = plans.items[plans.items.length - 1];
  if (!plan) throw new Error('the demo patient has no plan');
  const worker: number[] = [];
  const total: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await context.newPage();
    await waitForBrowserIdle(browser);
    await page.goto(`/patients/${patientId}/plans/${plan.id}/prediction`);
    const timing = page.getByTestId('prediction-timing');
    await page.locator('[data-total-ms]').waitFor({ timeout: 120_000 });
    worker.push(Number(await timing.getAttribute('data-elapsed-ms')));
    total.push(Number(await timing.getAttribute('data-total-ms')));
    await page.close();
  }
  await context.close();
  ctx.log(
    `  prediction of the default plan: worker ${worker.map((s) => s.toFixed(0)).join(', ')} ms; start to result ${total.map((s) => s.toFixed(0)).join(', ')} ms`,
  );
  return [
    {
      measure: "Prediction of the default plan: the worker's own time",
      target: '≤ 1.5 s',
      samples: worker,
      judged: 'median',
      limit: 1500,
      unit: 'ms',
    },
    {
      measure: 'Prediction of the default plan: from starting the worker to the result shown',
      target: '≤ 1.5 s',
      samples: total,
      judged: 'median',
      limit: 1500,
      unit: 'ms',
    },
  ];
}

/** Records, in the page, when the timeline holds `window.__expectEntries` entries. */
const TIMELINE_PROBE = `
  new MutationObserver(() => {
    if (window.__timelineMs !== undefined || !window.__expectEntries) return;
    if (document.querySelectorAll('tr[data-kind]').length >= window.__expectEntries)
      window.__timelineMs = performance.now();
  }).observe(document, { subtree: true, childList: true });
`;

/**
 * A new patient with 200 records — 40 photos (camera-sized JPEGs drawn in the page), their
 * photography consent, 100 adverse events, 59 follow-up assessments — then the cold load of its
 * timeline, `runs` times, each in a new browser context navigated once the window is idle.
 */
async function timeline(
  browser: Browser,
  site: BenchSite,
  runs: number,
  ctx: BenchContext,
): Promise<Row[]> {
  const context = await signedInContext(browser, site);
  const post = async (url: string, data: unknown) => {
    const response = await context.request.post(url, { data });
    if (response.status() !== 201)
      throw new Error(`${url}: ${response.status()} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };
  const patient = await post('/api/patients', {
    givenName: 'Timeline',
    familyName: 'Bench',
    birthDate: '1975-05-05',
    sex: 'female',
    fitzpatrickType: 3,
    laxityGrade: 2,
  });
  const base = `/api/patients/${patient.id}`;
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
  const consent = await post(`${base}/consents`, { scope: 'photography', date: day(0) });
  for (let i = 0; i < 100; i++)
    await post(`${base}/adverse-events`, {
      type: 'erythema',
      onsetDate: day(1 + i * 2),
      severity: 'mild',
      relatedness: 'possible',
    });
  for (let i = 0; i < 59; i++)
    await post(`${base}/assessments`, { date: day(3 + i * 3), satisfaction: 4 });
  // The photos: 1600 × 1200 JPEGs of noise (so they weigh what a camera's do), uploaded from the page.
  const page = await context.newPage();
  await page.goto('/patients');
  const sizes = await page.evaluate(
    async ({ url, consentId, days }) => {
      const canvas = document.createElement('canvas');
      canvas.width = 1600;
      canvas.height = 1200;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d context');
      const image = g.createImageData(1600, 1200);
      for (let i = 0; i < image.data.length; i++)
        image.data[i] = i % 4 === 3 ? 255 : (i * 7919) % 251;
      g.putImageData(image, 0, 0);
      const blob = await new Promise<Blob>((resolve, reject) =>
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no blob'))), 'image/jpeg', 0.9),
      );
      for (const takenDate of days) {
        const response = await fetch(
          `${url}?consentId=${consentId}&takenDate=${takenDate}&view=front`,
          {
            method: 'POST',
            headers: { 'content-type': 'image/jpeg' },
            body: blob,
          },
        );
        if (response.status !== 201) throw new Error(`photo: ${response.status}`);
      }
      return blob.size;
    },
    {
      url: `${base}/photos`,
      consentId: consent.id,
      days: Array.from({ length: 40 }, (_, i) => day(2 + i * 7)),
    },
  );
  await page.close();
  const photos = (await (await context.request.get(`${base}/photos`)).json()) as {
    items: { id: string }[];
  };
  const first = photos.items[0]?.id;
  const full = (await (await context.request.get(`${base}/photos/${first}`)).body()).length;
  const thumb = (await (await context.request.get(`${base}/photos/${first}/thumbnail`)).body())
    .length;
  const entries = (await (await context.request.get(`${base}/adverse-events`)).json()) as {
    items: unknown[];
  };
  await context.close();
  // Entries: the consent, 100 events, 59 assessments, 40 photos.
  const expected = 1 + entries.items.length + 59 + 40;
  ctx.log(
    `  timeline patient: ${expected} entries; photo ${sizes} B uploaded, ${full} B stored, thumbnail ${thumb} B`,
  );

  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cold = await signedInContext(browser, site);
    await cold.addInitScript(`window.__expectEntries = ${expected};`);
    await cold.addInitScript(TIMELINE_PROBE);
    const tab = await cold.newPage();
    await waitForBrowserIdle(browser);
    await tab.goto(`/patients/${patient.id}/timeline`);
    await tab.waitForFunction(() => (window as { __timelineMs?: number }).__timelineMs, null, {
      timeout: 60_000,
    });
    samples.push(await tab.evaluate(() => (window as { __timelineMs?: number }).__timelineMs ?? 0));
    await cold.close();
  }
  ctx.log(`  cold load of the timeline: ${samples.map((s) => s.toFixed(0)).join(', ')} ms`);
  return [
    {
      measure: `Cold load of a patient's timeline to all its ${expected} entries (200 records, 40 photos)`,
      target: '≤ 1 s',
      samples,
      judged: 'median',
      limit: 1000,
      unit: 'ms',
    },
    {
      measure: 'A photo as stored (1600 × 1200 JPEG of noise)',
      target: 'for reference',
      samples: [full / 1000],
      judged: 'reference',
      limit: 0,
      unit: 'kB',
    },
    {
      measure: 'Its thumbnail (320 × 240 JPEG), what the lists load',
      target: 'for reference',
      samples: [thumb / 1000],
      judged: 'reference',
      limit: 0,
      unit: 'kB',
    },
  ];
}

function section(rows: readonly Row[], chromiumVersion: string, runs: number): string {
  const figure = (value: number, unit: Row['unit']) =>
    unit === 'kB'
      ? `${value.toFixed(1)} kB`
      : unit === 'fps'
        ? `${value.toFixed(0)} fps`
        : `${value.toFixed(value < 100 ? 1 : 0)} ms`;
  const table = renderTable(
    [
      { header: 'Measure' },
      { header: 'Target' },
      { header: 'Samples', align: 'right' },
      { header: 'Median', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'Max', align: 'right' },
      { header: 'Pass' },
    ],
    rows.map((row) => {
      const judged =
        row.judged === 'p95'
          ? p95(row.samples)
          : row.judged === 'median'
            ? median(row.samples)
            : // 'each': every sample within the limit, so the worst one is judged.
              row.atLeast
              ? Math.min(...row.samples)
              : Math.max(...row.samples);
      return [
        row.measure,
        row.target,
        String(row.samples.length),
        figure(median(row.samples), row.unit),
        figure(p95(row.samples), row.unit),
        figure(Math.max(...row.samples), row.unit),
        row.judged === 'reference'
          ? '—'
          : (row.atLeast ? judged >= row.limit : judged <= row.limit)
            ? '✓'
            : '✗',
      ];
    }),
  );
  return [
    '## Web app in Chromium: first load, planner, prediction, evidence charts and timeline',
    '',
    '- Command: `npm run bench` (this section alone: `node bench/dist/run.js --only web`; build first: `npm run build`)',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${formatMachine(describeMachine())}; Chromium ${chromiumVersion} (Debian), headless, no GPU`,
    "- The server as `npm start` runs it (embedded PGlite, the demo clinic), on the same machine as the browser. Times are the page's own clock (performance.now). The cold loads use a new browser context each run (" +
      `${runs} runs), navigated once the new window's own browser UI is idle (it takes about a core-second of CPU as the window opens); the slider steps are keyboard steps on a coverage slider, timed from the key's arrival at the page; the zoom and pan frames are the planner's own \`microcore:plan-draw\` timings (the JavaScript work of a frame); the evidence charts are timed from the click on Evidence to the frame after every chart is committed, the API's three summaries those of a 10,000-patient synthetic cohort served by the browser's request interception (bench/src/web/evidence.ts). A target on the median or p95 is judged on that figure.`,
    '',
    table,
  ].join('\n');
}
