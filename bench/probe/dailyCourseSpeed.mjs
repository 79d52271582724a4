// How long the prediction worker's work after the simulation takes in Node: the daily course
// (packages/web/src/prediction/dailyCourse.ts) and the field's nodal average and arrows, after the
// simulation the worker runs first (the default plan, 2 sessions 6 weeks apart, baseline 3, last
// day 180): the first call (code not yet optimised, as in a new worker) and warm calls. Fresh
// processes, alternating between the checkouts given, so two builds are measured in the same
// minute. Times are the main thread's own CPU time (/proc/self/task/PID/schedstat, ns), which a
// shared machine inflates far less than the wall clock, and the wall clock. Each checkout needs
// its core built (npx tsc -b); its web sources are bundled here with rolldown against that core.
// Usage: node bench/probe/dailyCourseSpeed.mjs [--processes 5] [--warm 10] [ROOT...]
//   ROOT: a checkout of the repository (default: this one), e.g. /work/main /work/wt/course.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/** The main thread's CPU time so far, ms (Linux). */
function mainThreadCpuMs() {
  const stat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
  return Number(stat.split(' ')[0]) / 1e6;
}

if (values.child) {
  const root = positionals[0];
  const coreUrl = pathToFileURL(join(root, 'packages/core/dist/index.js')).href;
  const dir = mkdtempSync(join(os.tmpdir(), 'dailyCourse-'));
  const entry = join(dir, 'entry.ts');
  const source = join(root, 'packages/web/src/prediction');
  writeFileSync(
    entry,
    `export { dailyCourse } from '${source}/dailyCourse.ts';
export { nodalAverage } from '${source}/fieldRaster.ts';
export { decimateArrows } from '${source}/arrows.ts';`,
  );
  const { rolldown } = await import('rolldown');
  const bundle = await rolldown({ input: entry, external: ['@microcore/core'] });
  const { output } = await bundle.generate({ format: 'esm' });
  const file = join(dir, 'bundle.mjs');
  writeFileSync(file, output[0].code.replace(/(['"])@microcore\/core\1/g, JSON.stringify(coreUrl)));
  const { planTreatment, simulateTreatment } = await import(coreUrl);
  const { dailyCourse, nodalAverage, decimateArrows } = await import(pathToFileURL(file).href);
  const run = simulateTreatment(planTreatment(), {
    sessions: 2,
    intervalWeeks: 6,
    baselineLemperle: 3,
    days: [0, 1, 4, 14, 30, 90, 180],
  });
  const { mesh, elementAreaChange, displacementMm } = run.field;
  // As runPrediction does after the course.
  const fieldWork = () => {
    nodalAverage(
      { nodesXY: mesh.nodesXY, triangles: mesh.triangles },
      Float64Array.from(elementAreaChange, (v) => -v),
    );
    decimateArrows(mesh.nodesXY, displacementMm, 15);
  };
  const time = (work) => {
    const cpu = mainThreadCpuMs();
    const start = performance.now();
    work();
    return { wallMs: performance.now() - start, cpuMs: mainThreadCpuMs() - cpu };
  };
  const calls = [];
  for (let k = 0; k <= Number(values.warm); k++)
    calls.push({ course: time(() => dailyCourse(run, 180)), field: time(fieldWork) });
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
    console.log(root);
    for (const part of ['course', 'field']) {
      const first = processes.map((calls) => calls[0][part]);
      const warm = processes.flatMap((calls) => calls.slice(1).map((c) => c[part]));
      const label = part === 'course' ? 'daily course' : 'nodal average + arrows';
      console.log(
        `  ${label}: first call cpu ${f(median(first.map((c) => c.cpuMs)))} ms, wall ${f(median(first.map((c) => c.wallMs)))} ms (cpu each: ${first.map((c) => c.cpuMs.toFixed(0)).join(' ')}); warm cpu ${f(median(warm.map((c) => c.cpuMs)))} ms, wall ${f(median(warm.map((c) => c.wallMs)))} ms (${warm.length} calls)`,
      );
    }
  }
}
