// A/B of the planner's cold load: one server, the built app swapped between runs (packages/web/dist
// made a symlink to each variant's copy), variants in turn, the order rotated each round, the bench's own probe (first frame
// with cores, the page's clock). usage: node bench/probe/ab.mjs runsPerVariant dirA dirB...
import { existsSync, lstatSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { launchBenchChromium } from '../dist/web/chromium.js';
import { firstPatientId, signedInContext, startBenchSite } from '../dist/web/site.js';

const runs = Number(process.argv[2] ?? 6);
const dirs = process.argv.slice(3);
const DIST = new URL('../../packages/web/dist', import.meta.url).pathname;
const KEPT = `${DIST}.kept`;
if (!lstatSync(DIST).isSymbolicLink()) renameSync(DIST, KEPT);
const point = (dir) => {
  rmSync(DIST, { force: true });
  symlinkSync(dir, DIST);
};
point(dirs[0]);
const PROBE = `new MutationObserver(() => { if (window.__first !== undefined) return; const c = document.querySelector('canvas[data-cores-drawn]'); if (c && Number(c.dataset.coresDrawn) > 0) window.__first = performance.now(); }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-cores-drawn'] });`;
const site = await startBenchSite(1);
const browser = await launchBenchChromium();
const samples = dirs.map(() => []);
// Wait (up to 4 min) for a second in which the machine is at least QUIET % idle: others share it.
const QUIET = Number(process.env.QUIET ?? 0);
const cpu = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1, 9).map(Number);
  return [f.reduce((a, b) => a + b, 0), f[3] + f[4]];
};
async function quiet() {
  for (let tries = 0; QUIET > 0 && tries < 240; tries++) {
    const [t1, i1] = cpu();
    await new Promise((r) => setTimeout(r, 1000));
    const [t2, i2] = cpu();
    if ((100 * (i2 - i1)) / (t2 - t1) >= QUIET) return;
  }
}
try {
  let patientId;
  for (let run = 0; run < runs * dirs.length; run++) {
    // Each round runs every variant once, the order turned by one each round.
    const round = Math.floor(run / dirs.length);
    const v = (run + round) % dirs.length;
    point(dirs[v]);
    if (run % dirs.length === 0) await quiet();
    const context = await signedInContext(browser, site);
    patientId ??= await firstPatientId(context);
    await context.addInitScript(PROBE);
    const page = await context.newPage();
    await page.goto(`/patients/${patientId}/planner`);
    await page.waitForFunction(() => window.__first, null, { timeout: 60000 });
    samples[v].push(await page.evaluate(() => window.__first));
    await context.close();
  }
} finally {
  await browser.close();
  await site.stop();
  rmSync(DIST, { force: true });
  if (existsSync(KEPT)) renameSync(KEPT, DIST);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
for (const [i, d] of dirs.entries())
  console.log(
    `${d}: median ${median(samples[i]).toFixed(0)} ms, quartiles ${quantile(samples[i], 0.25).toFixed(0)}–${quantile(samples[i], 0.75).toFixed(0)}, min ${Math.min(...samples[i]).toFixed(0)}  [${samples[i].map((x) => x.toFixed(0)).join(', ')}]`,
  );
