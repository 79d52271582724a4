// planTreatment A/B: this checkout's build against another's (e.g. main's), alternating in one
// process so both see the same machine load; CPU time per call (user + system), ms. A refused
// plan is timed too (the refusal comes after the same work). Build both first: npx tsc -b.
// Usage: node packages/core/scripts/plan-speed-ab.mjs /path/to/other/checkout [runs=20]

import path from 'node:path';
import { pathToFileURL } from 'node:url';

const other = process.argv[2];
if (!other) {
  console.error('usage: node packages/core/scripts/plan-speed-ab.mjs OTHER_CHECKOUT [runs]');
  process.exit(2);
}
const runs = Number(process.argv[3] ?? 20);
const here = path.resolve(import.meta.dirname, '..');
const A = await import(pathToFileURL(path.join(other, 'packages/core/dist/index.js')).href);
const B = await import(pathToFileURL(path.join(here, 'dist/index.js')).href);
const all = B.DEFAULT_TEMPLATE.zones.map((z) => z.id);
const cases = {
  'the default plan': {},
  'one zone (submental)': { zones: ['submental'] },
  '27G at 8 %, all seven zones': { needle: '27G', coverageFraction: 0.08, zones: all },
};

function cpuMs(plan, input) {
  const before = process.cpuUsage();
  try {
    plan(input);
  } catch {
    // a refusal: its time counts
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (values) => values.sort((a, b) => a - b)[values.length >> 1].toFixed(1);
for (const [name, input] of Object.entries(cases)) {
  const other = [];
  const mine = [];
  for (let k = 0; k < 3; k++) {
    cpuMs(A.planTreatment, input);
    cpuMs(B.planTreatment, input);
  }
  for (let k = 0; k < runs; k++) {
    other.push(cpuMs(A.planTreatment, input));
    mine.push(cpuMs(B.planTreatment, input));
  }
  console.log(`${name}: other ${median(other)} ms, this ${median(mine)} ms (median of ${runs})`);
}
