// How long the prediction takes in the browser: the server as `npm start` runs it (a new data
// folder, a demo clinic of one synthetic patient, whose stored plan is the default plan: the
// indicated zones at 22G, 10,753 cores), Debian's Chromium through playwright-core, and the
// prediction screen opened in a new page each run, so each run starts a new Web Worker that loads
// the model's code afresh. Per run: the worker's own time for the job (simulation and daily
// course), and the time from starting the worker to the result on the page (loading the worker's
// code and moving the arrays included). With --bare, the worker's script is run on its own from a
// plain page of the same origin (no app loading beside it), for comparison. Build first
// (`npx tsc -b`, `npm run build -w @microcore/web`).
// Usage: node bench/probe/predictionSpeed.mjs [--runs 5] [--bare]
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchBenchChromium } from '../dist/web/chromium.js';
import { firstPatientId, signedInContext, startBenchSite } from '../dist/web/site.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, bare: { type: 'boolean', default: false } },
});
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const site = await startBenchSite(1);
const browser = await launchBenchChromium();
try {
  const context = await signedInContext(browser, site);
  const patientId = await firstPatientId(context);
  const plans = await (await context.request.get(`/api/patients/${patientId}/plans`)).json();
  const plan = plans.items[0];
  const path = `/patients/${patientId}/plans/${plan.id}/prediction`;
  const runs = [];
  const workerFile = readdirSync(join(ROOT, 'packages/web/dist/assets')).find(
    (f) => f.startsWith('predictWorker') && f.endsWith('.js'),
  );
  for (let k = 0; k < Number(values.runs); k++) {
    const page = await context.newPage();
    let run;
    if (values.bare) {
      // A same-origin page where the app does not run (the API's 404), the worker started by hand.
      await page.goto('/not-a-page');
      run = await page.evaluate(
        async ({ file, patient, planId }) => {
          const stored = await (await fetch(`/api/patients/${patient}/plans/${planId}`)).json();
          const started = performance.now();
          const worker = new Worker(`/assets/${file}`, { type: 'module' });
          const message = await new Promise((resolve) => {
            worker.onmessage = (event) => {
              if (event.data.kind !== 'progress') resolve(event.data);
            };
            // The screen's request for this patient: sessions from laxity grade 2.5.
            worker.postMessage({
              plan: stored.plan,
              sessions: 2,
              intervalWeeks: 6,
              baselineLemperle: 3,
              lastDay: 180,
            });
          });
          worker.terminate();
          return {
            workerMs: message.result.elapsedMs,
            totalMs: performance.now() - started,
            steps: message.result.steps.map((s) => `${s.step}@${Math.round(s.atMs)}`).join('; '),
          };
        },
        { file: workerFile, patient: patientId, planId: plan.id },
      );
    } else {
      await page.goto(path);
      const timing = page.getByTestId('prediction-timing');
      await page.locator('[data-total-ms]').waitFor({ timeout: 120_000 });
      run = {
        workerMs: Number(await timing.getAttribute('data-elapsed-ms')),
        totalMs: Number(await timing.getAttribute('data-total-ms')),
        steps: await timing.getAttribute('data-steps'),
      };
    }
    runs.push(run);
    console.log(
      `run ${k + 1}: worker ${run.workerMs.toFixed(0)} ms, worker start to result ${run.totalMs.toFixed(0)} ms; steps (ms from the job's start): ${run.steps}`,
    );
    await page.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  console.log(
    `Chromium ${browser.version()}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `${values.bare ? 'the worker alone' : 'the prediction screen'}; plan ${plan.needle}, ${plan.zones.length} zones, ${plan.totals.cores} cores; ${runs.length} runs: worker median ${median(runs.map((r) => r.workerMs)).toFixed(0)} ms, start to result median ${median(runs.map((r) => r.totalMs)).toFixed(0)} ms (max ${Math.max(...runs.map((r) => r.totalMs)).toFixed(0)} ms)`,
  );
} finally {
  await browser.close();
  await site.stop();
}
