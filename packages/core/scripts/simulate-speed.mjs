// How long simulateTreatment takes on the default plan (the full lower face, 22G, 10,753 cores),
// in fresh Node processes: the first call (what a browser worker pays: the code is not yet
// optimised) and warm calls after it. Each call is timed on the wall clock and, on Linux, by the
// main thread's own CPU time (/proc/self/task/PID/stat), which other load on a shared machine
// inflates far less. Build first (npx tsc -b).
// Usage: node packages/core/scripts/simulate-speed.mjs [--processes 5] [--warm 4] [--core DIST]
//   --core: another build of the core's dist/index.js to measure (e.g. an older commit's).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '5' },
    warm: { type: 'string', default: '4' },
    core: { type: 'string' },
    child: { type: 'boolean', default: false },
  },
});
const coreUrl = values.core
  ? pathToFileURL(values.core).href
  : new URL('../dist/index.js', import.meta.url).href;

/** The main thread's CPU time so far (user + system), ms, or null off Linux. */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis; utime and stime are the 12th and 13th, in
    // clock ticks of 10 ms (USER_HZ is 100 on Linux).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

if (values.child) {
  const { planTreatment, simulateTreatment } = await import(coreUrl);
  const plan = planTreatment();
  const runs = [];
  for (let k = 0; k <= Number(values.warm); k++) {
    const cpu = mainThreadCpuMs();
    const start = performance.now();
    simulateTreatment(plan);
    const wallMs = performance.now() - start;
    const after = mainThreadCpuMs();
    runs.push({ wallMs, cpuMs: cpu === null || after === null ? null : after - cpu });
  }
  process.stdout.write(JSON.stringify(runs));
} else {
  const self = fileURLToPath(import.meta.url);
  const first = [];
  const warm = [];
  for (let p = 0; p < Number(values.processes); p++) {
    const args = [
      self,
      '--child',
      '--warm',
      values.warm,
      ...(values.core ? ['--core', values.core] : []),
    ];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
    const runs = JSON.parse(child.stdout);
    first.push(runs[0]);
    warm.push(...runs.slice(1));
  }
  const median = (xs) => {
    const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
    return s.length === 0 ? null : s[Math.floor((s.length - 1) / 2)];
  };
  const show = (label, runs) => {
    const wall = runs.map((r) => r.wallMs);
    const cpu = median(runs.map((r) => r.cpuMs));
    console.log(
      `${label}: wall median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)}), main-thread CPU median ${cpu === null ? 'n/a' : `${cpu} ms`}, ${runs.length} runs`,
    );
  };
  console.log(`simulateTreatment(default plan), ${coreUrl}`);
  console.log(
    `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical cores, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  show('first call in a fresh process', first);
  show('warm calls', warm);
}
