/**
 * A probe: the bench's re-plan rows (the same steps and clock as `replans` in
 * bench/src/web/index.ts) for two builds of the web app, alternating A/B and B/A each round, so a
 * busy machine weighs on both alike. One server serves them in turn: packages/web/dist is made a
 * symlink to /tmp/replan-distA or /tmp/replan-distB (left pointing to B).
 *
 *   git stash / checkout the old version; npm run build -w @microcore/web; cp -r packages/web/dist /tmp/replan-distA
 *   the same for the new version into /tmp/replan-distB
 *   mv packages/web/dist /tmp/replan-distB && ln -s /tmp/replan-distB packages/web/dist
 *   node bench/probe/replanAB.mjs [rounds] [steps]      (SEQ=1 prints every step)
 */
import { lstatSync, symlinkSync, unlinkSync } from 'node:fs';
import { launchBenchChromium } from '../dist/web/chromium.js';
import { startBenchSite } from '../dist/web/site.js';

const rounds = Number(process.argv[2] ?? 3);
const steps = Number(process.argv[3] ?? 20);
const DIST = new URL('../../packages/web/dist', import.meta.url).pathname;
if (!lstatSync(DIST).isSymbolicLink()) {
  throw new Error(`${DIST} is the real build: make it a symlink first (see the top of this file)`);
}
const serve = (variant) => {
  unlinkSync(DIST);
  symlinkSync(`/tmp/replan-dist${variant}`, DIST);
};
const site = await startBenchSite(1);
const browser = await launchBenchChromium();
const samples = { A: { one: [], all: [] }, B: { one: [], all: [] } };
try {
  const login = await browser.newContext({ baseURL: site.url });
  await login.request.post('/api/auth/login', {
    data: { email: 'clinician@demo.clinic', password: 'microcore-demo' },
  });
  const patientId = (await (await login.request.get('/api/patients?pageSize=1')).json()).items[0]
    .id;
  await login.close();
  for (let r = 0; r < rounds; r++) {
    for (const variant of r % 2 ? ['B', 'A'] : ['A', 'B']) {
      serve(variant);
      for (const which of ['one', 'all']) {
        const context = await browser.newContext({
          baseURL: site.url,
          viewport: { width: 1280, height: 800 },
        });
        await context.request.post('/api/auth/login', {
          data: { email: 'clinician@demo.clinic', password: 'microcore-demo' },
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
        for (let s = 0; s < steps; s++) {
          await page.evaluate(() => {
            const canvas = document.querySelector('canvas[data-cores-drawn]');
            const before = canvas.dataset.coresHash;
            const probe = { t0: 0 };
            const observer = new MutationObserver(() => {
              if (canvas.dataset.coresHash !== before && probe.doneMs === undefined) {
                probe.doneMs = performance.now();
                observer.disconnect();
              }
            });
            observer.observe(canvas, { attributes: true, attributeFilter: ['data-cores-drawn'] });
            window.__replan = probe;
            probe.t0 = performance.now();
          });
          await slider.press('ArrowRight');
          await page.waitForFunction(() => window.__replan?.doneMs !== undefined, null, {
            timeout: 30000,
          });
          samples[variant][which].push(
            await page.evaluate(() => window.__replan.doneMs - window.__replan.t0),
          );
        }
        await context.close();
      }
    }
    if (process.env.SEQ)
      for (const v of ['A', 'B'])
        for (const w of ['one', 'all'])
          console.log(
            v,
            w,
            samples[v][w]
              .slice(-steps)
              .map((x) => x.toFixed(0))
              .join(' '),
          );
    const q = (a, p) => {
      const s = [...a].sort((x, y) => x - y);
      return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
    };
    for (const which of ['one', 'all'])
      console.log(
        `round ${r + 1}: ${which.padEnd(3)} A median ${q(samples.A[which], 0.5).toFixed(0)} p95 ${q(samples.A[which], 0.95).toFixed(0)} | B median ${q(samples.B[which], 0.5).toFixed(0)} p95 ${q(samples.B[which], 0.95).toFixed(0)}  (n=${samples.A[which].length})`,
      );
  }
} finally {
  serve('B');
  await browser.close();
  await site.stop();
}
