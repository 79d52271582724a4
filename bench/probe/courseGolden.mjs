// Two checkouts' daily course and simulation, compared bit for bit (Object.is per value): the
// course (every series, every day), the cohort's area loss on a few days, and the simulation's
// JSON (the wound's gape left out, which other work changes). Each checkout needs its core built
// (npx tsc -b); its dailyCourse.ts is bundled here with rolldown against that core.
// Usage: node bench/probe/courseGolden.mjs OLD_ROOT NEW_ROOT
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown } from 'rolldown';

async function load(root) {
  const coreUrl = pathToFileURL(join(root, 'packages/core/dist/index.js')).href;
  const bundle = await rolldown({
    input: join(root, 'packages/web/src/prediction/dailyCourse.ts'),
    external: ['@microcore/core'],
  });
  const { output } = await bundle.generate({ format: 'esm' });
  const file = join(mkdtempSync(join(os.tmpdir(), 'dc-')), 'dc.mjs');
  writeFileSync(file, output[0].code.replace(/(['"])@microcore\/core\1/g, JSON.stringify(coreUrl)));
  return {
    core: await import(coreUrl),
    dailyCourse: (await import(pathToFileURL(file).href)).dailyCourse,
  };
}
const A = await load(process.argv[2]);
const B = await load(process.argv[3]);
const plans = [
  ['default', A.core.planTreatment()],
  ['submental', A.core.planTreatment({ zones: ['submental'] })],
];
let worst = 0,
  mismatches = 0;
for (const [name, plan] of plans)
  for (const [sessions, baseline, lastDay, cohort] of [
    [1, 3, 180, 1000],
    [2, 3, 180, 1000],
    [3, 2.2, 730, 1000],
    [2, 4.5, 3650, 1000],
    [1, 3, 60, 333],
  ]) {
    const opts = {
      sessions,
      intervalWeeks: 6,
      baselineLemperle: baseline,
      cohort,
      days: [0, 1, 4, 14, 30, 90, lastDay],
    };
    const ra = A.core.simulateTreatment(plan, opts),
      rb = B.core.simulateTreatment(plan, opts);
    const strip = (s) => JSON.stringify({ ...s, wound: null });
    const sa = strip(ra.simulation),
      sb = strip(rb.simulation);
    const ca = A.dailyCourse(ra, lastDay),
      cb = B.dailyCourse(rb, lastDay);
    let diff = 0,
      n = 0;
    for (const key of ['days', 'eta', 'epithelialCover'])
      for (let i = 0; i < ca[key].length; i++) {
        n++;
        if (!Object.is(ca[key][i], cb[key][i])) diff++;
      }
    for (const band of ['areaLoss', 'lemperleChange', 'gaisImproved'])
      for (const k of ['value', 'low', 'high'])
        for (let i = 0; i < ca[band][k].length; i++) {
          n++;
          const x = ca[band][k][i],
            y = cb[band][k][i];
          if (!Object.is(x, y)) {
            diff++;
            worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), 1e-300));
          }
        }
    for (const d of [0, 3, 50, lastDay]) {
      const la = ra.cohortAreaLossAt(d),
        lb = rb.cohortAreaLossAt(d);
      for (let i = 0; i < la.length; i++) if (!Object.is(la[i], lb[i])) diff++;
    }
    mismatches += diff + (sa === sb ? 0 : 1);
    console.log(
      name,
      sessions,
      baseline,
      lastDay,
      cohort,
      'simulation identical:',
      sa === sb,
      `course values differing: ${diff} of ${n}`,
    );
  }
console.log('max relative difference', worst, 'mismatches', mismatches);
