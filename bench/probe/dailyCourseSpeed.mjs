// How long the prediction worker's daily course (packages/web/src/prediction/dailyCourse.ts)
// takes in Node, after the simulation the worker runs first (the default plan, 2 sessions 6 weeks
// apart, baseline 3, last day 180): the first call (code not yet optimised, as in a new worker)
// and warm calls. Fresh processes, alternating between the checkouts given, so two builds are
// measured in the same minute. Each checkout needs its core built (npx tsc -b); its
// dailyCourse.ts is bundled here with rolldown against that checkout's core.
// Usage: node bench/probe/dailyCourseSpeed.mjs [--processes 5] [--warm 10] [ROOT...]
//   ROOT: a checkout of the repository (default: this one), e.g. /work/main /work/wt/course.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    processes: { type: 'string', default: '5' },
    warm: { type: 'string', default: '10' },
    child: { type: 'boolean', default: false },
  },
});

if (values.child) {
  const root = positionals[0];
  const coreUrl = pathToFileURL(join(root, 'packages/core/dist/index.js')).href;
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({
    input: join(root, 'packages/web/src/prediction/dailyCourse.ts'),
    external: ['@microcore/core'],
  });
  const { output } = await bundle.generate({ format: 'esm' });
  const file = join(mkdtempSync(join(os.tmpdir(), 'dailyCourse-')), 'dailyCourse.mjs');
  writeFileSync(file, output[0].code.replace(/(['"])@microcore\/core\1/g, JSON.stringify(coreUrl)));
  const { planTreatment, simulateTreatment } = await import(coreUrl);
  const { dailyCourse } = await import(pathToFileURL(file).href);
  const run = simulateTreatment(planTreatment(), {
    sessions: 2,
    intervalWeeks: 6,
    baselineLemperle: 3,
    days: [0, 1, 4, 14, 30, 90, 180],
  });
  const calls = [];
  for (let k = 0; k <= Number(values.warm); k++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    dailyCourse(run, 180);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    calls.push({ wallMs, cpuMs: (used.user + used.system) / 1000 });
  }
  process.stdout.write(JSON.stringify(calls));
} else {
  const roots = positionals.length
    ? positionals.map((p) => resolve(p))
    : [fileURLToPath(new URL('../../', import.meta.url))];
  const results = new Map(roots.map((r) => [r, []]));
  for (let p = 0; p < Number(values.processes); p++) {
    // The order rotated each round, so neither build always runs first.
    for (let k = 0; k < roots.length; k++) {
      const root = roots[(p + k) % roots.length];
      const child = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', '--warm', values.warm, root],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(child.stderr);
      results.get(root).push(JSON.parse(child.stdout));
    }
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const f = (x) => x.toFixed(1).padStart(6);
  for (const [root, processes] of results) {
    const first = processes.map((calls) => calls[0]);
    const warm = processes.flatMap((calls) => calls.slice(1));
    console.log(
      `${root}\n  first call: wall ${f(median(first.map((c) => c.wallMs)))} ms  cpu ${f(median(first.map((c) => c.cpuMs)))} ms   (each: ${first.map((c) => c.wallMs.toFixed(0)).join(' ')})\n  warm:       wall ${f(median(warm.map((c) => c.wallMs)))} ms  cpu ${f(median(warm.map((c) => c.cpuMs)))} ms   (${warm.length} calls)`,
    );
  }
}
