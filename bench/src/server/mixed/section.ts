import type { BenchContext } from '../../benchmark.js';
import { describeMachine, formatMachine } from '../../machine.js';
import type { DatabaseResult, Settings } from './index.js';
import type { StepResult } from './openLoop.js';
import { LADDER_RPS, P99_BUDGET_MS, passes } from './search.js';
import { CLINICS, PATIENTS_PER_CLINIC } from './seed.js';
import { MIX } from './workload.js';

/** The RESULTS.md section of the mixed workload, and its lines on the terminal. */
const TARGET_RPS = 1500;
const REPORTED_RPS = 1000;

export function formatStep(step: StepResult): string {
  const cpu = step.cpuUs;
  return (
    `${step.rateRps} req/s → ${step.achievedRps.toFixed(0)}: p50 ${ms(step.all.p50Ms)}, ` +
    `p99 ${ms(step.records.p99Ms)} (reads+writes) ${ms(step.all.p99Ms)} (all), max ${ms(step.all.maxMs)} ms; ` +
    `plans p99 ${ms(step.byClass.plan.p99Ms)} ms; errors ${step.errors}${stopped(step)}; ` +
    `CPU µs/req ${us(cpu.server)} server, ${us(cpu.database)} PostgreSQL, ${us(cpu.load)} load; ` +
    `send lag p99 ${ms(step.sendLagP99Ms)} ms; other ${cores(step.otherCores)} cores`
  );
}

export function section(
  results: readonly DatabaseResult[],
  settings: Settings,
  ctx: BenchContext,
): string {
  const machine = describeMachine();
  const lines = [
    '## Clinic server, mixed workload: 100 clinics, open-loop load',
    '',
    ctx.quick ? '> **Quick smoke run** (`--quick`): short steps, indicative only.\n' : '',
    '- Command: `npm run bench` (this section alone: `node bench/dist/run.js --only server-mixed`; durations from `BENCH_MIXED_WARMUP_S`, `BENCH_MIXED_MEASURE_S`, `BENCH_MIXED_BISECTIONS`, `BENCH_MIXED_PLAN_PROBES`; the databases from `BENCH_MIXED_DATABASES`, default `postgres,pglite`)',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${formatMachine(machine)}`,
    `- Data: ${CLINICS} clinics × 3 users (an admin, two clinicians), ${PATIENTS_PER_CLINIC} patients per clinic each with a stored plan (the full lower face at 22G, 10,753 cores), a session and an assessment, written straight into the database (the bench signs the users in through the API). On PostgreSQL the server connects as \`microcore_app\` (no superuser, no BYPASSRLS: row-level security applies) and migrates as the tables' owner. PostgreSQL as installed (fsync on).`,
    `- Processes: the server (\`packages/server/bin/microcore-server.js\`, log level warn) in its own process, PostgreSQL in its own, the load generator in the bench's process: all on the machine's ${machine.logicalCores} cores.`,
    `- Load: open loop at a fixed arrival rate (requests evenly spaced, each sent when due whether or not earlier ones have been answered; latency from the due time, so a queue shows), undici keep-alive pool of 256 sockets, 10 s timeout. Each step: ${settings.warmupS} s warm-up, then ${settings.measureS} s measured. A step is stopped when over a second's worth of requests is outstanding (the server is then far past the budget): what is still outstanding is abandoned, and the step's latencies are of the answered requests only. Rates: climb ${LADDER_RPS.join(', ')} req/s until a step fails, then ${settings.bisections} bisection(s); ${REPORTED_RPS} req/s always measured.`,
    `- A step passes with no errors (anything but the expected 200/201, timeouts, connection errors) and p99 of the reads and writes ≤ ${P99_BUDGET_MS} ms. Plans are judged apart: they are 1 % of the requests and each takes ~0.1 s of planning by itself, so the p99 over all requests sits at the fastest plans' latency whatever the load (shown as "p99 all").`,
    `- The mix (a seeded RNG picks the request, then a clinic, a patient and a user uniformly; reads by any of the clinic's 3 users, writes and plans by its clinicians):`,
    '',
    '| Request | Share | What |',
    '| --- | ---: | --- |',
    ...MIX.map((m) => `| ${m.kind} | ${m.percent} % | ${m.description} |`),
    '',
  ];
  for (const result of results) {
    lines.push(
      `### ${result.database}`,
      '',
      `Seeded in ${result.seedS.toFixed(0)} s.`,
      '',
      '| Offered req/s | Achieved req/s | p50 ms | p99 ms reads+writes | p99 ms all | max ms | p99 ms reads | p99 ms writes | plans p50 / p99 ms | Errors | CPU µs/req: server | PostgreSQL | load generator | Other load (cores) | Pass |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
      ...result.search.steps.map(stepRow),
      '',
    );
    const errors = result.search.steps.flatMap((s) =>
      [...s.errorKinds].map(([kind, n]) => `${s.rateRps} req/s: ${n} × ${kind}`),
    );
    if (errors.length > 0) lines.push(`Errors: ${errors.join('; ')}.`, '');
  }
  lines.push(
    '"Other load": cores kept busy by everything else on the machine during the step (its busy CPU from /proc/stat less the three columns before it); this machine is shared, and a step with other load had less than the machine.',
    '',
    '### Results',
    '',
  );
  for (const result of results) {
    const { highestPassingRps, ladderExhausted } = result.search;
    const highest =
      highestPassingRps === undefined
        ? `no tested rate passed (the lowest was ${result.search.steps[0]?.rateRps} req/s)`
        : `${highestPassingRps} req/s${ladderExhausted ? ' (the top of the ladder: it may sustain more)' : ''}`;
    const onPostgres = result.database.startsWith('PostgreSQL');
    const verdict = onPostgres
      ? ` → target ≥ ${TARGET_RPS} req/s: ${(highestPassingRps ?? 0) >= TARGET_RPS ? 'PASS' : 'FAIL'}`
      : '';
    lines.push(
      `- ${result.database}: highest rate with p99 (reads and writes) ≤ ${P99_BUDGET_MS} ms and no errors: ${highest}${verdict}`,
    );
    const at = result.search.steps.find((s) => s.rateRps === REPORTED_RPS);
    if (at)
      lines.push(
        `- ${result.database} at ${REPORTED_RPS} req/s: p50 ${ms(at.all.p50Ms)} ms, p99 ${ms(at.records.p99Ms)} ms (reads and writes), ${ms(at.all.p99Ms)} ms (all requests), ${at.errors} errors${stopped(at)}`,
      );
    // The CPU a request of the mix costs: at the highest rate that passed, else at the highest
    // that was served to the end (an abandoned step's CPU is not per request).
    const served = result.search.steps.filter((s) => s.cpuUs.server !== undefined);
    const best = result.search.steps.find((s) => s.rateRps === highestPassingRps) ?? served.at(-1);
    const cpu = best?.cpuUs;
    if (best && cpu?.server !== undefined && cpu.load !== undefined) {
      const totalUs = cpu.server + (cpu.database ?? 0) + cpu.load;
      const boundRps = (machine.logicalCores * 1e6) / totalUs;
      lines.push(
        `- ${result.database}, CPU at ${best.rateRps} req/s: ${us(cpu.server)} µs (server) + ${us(cpu.database)} µs (PostgreSQL) + ${us(cpu.load)} µs (load generator) = ${totalUs.toFixed(0)} µs per request; ${machine.logicalCores} cores busy all the time would serve at most ${boundRps.toFixed(0)} req/s of this mix.`,
      );
    }
  }
  lines.push(
    '',
    '### A plan alone: how long it holds the event loop',
    '',
    `Plans sent one at a time (${settings.planProbes} per row) while a probe asks \`GET /api/me\` (a cached session: no database) on its own connection, one at a time, every 2 ms or as soon as the last is answered; the probe in flight when a plan takes the server's event loop waits until it is free, so the longest probe is the longest hold (less at most 2 ms). Limit: ${P99_BUDGET_MS} ms for any clinical-mode plan. The heaviest clinical plan: every template zone (cheeks, jawline, submental, perioral) at 27G and 6.5 % coverage (at 8 % clinical mode refuses it for its densest square centimetre).`,
    '',
    '| Database | Plan | Plan p50 ms | Plan max ms | Probe p50 ms | Probe max ms (longest hold) | Failures | ≤ 50 ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: |',
  );
  for (const result of results)
    for (const stall of result.stalls)
      lines.push(
        `| ${result.database} | ${stall.label}: \`${JSON.stringify(stall.body)}\` | ${ms(stall.plans.p50Ms)} | ${ms(stall.plans.maxMs)} | ${stall.probe.p50Ms.toFixed(1)} | ${ms(stall.probe.maxMs)} | ${stall.failures} | ${stall.probe.maxMs <= P99_BUDGET_MS && stall.failures === 0 ? 'PASS' : 'FAIL'} |`,
      );
  return lines.join('\n');
}

function stepRow(s: StepResult): string {
  const cpu = s.cpuUs;
  const errors = `${s.errors}${stopped(s)}`;
  return `| ${s.rateRps} | ${s.achievedRps.toFixed(0)} | ${ms(s.all.p50Ms)} | ${ms(s.records.p99Ms)} | ${ms(s.all.p99Ms)} | ${ms(s.all.maxMs)} | ${ms(s.byClass.read.p99Ms)} | ${ms(s.byClass.write.p99Ms)} | ${ms(s.byClass.plan.p50Ms)} / ${ms(s.byClass.plan.p99Ms)} | ${errors} | ${us(cpu.server)} | ${us(cpu.database)} | ${us(cpu.load)} | ${cores(s.otherCores)} | ${passes(s) ? '✓' : '✗'} |`;
}

function stopped(step: StepResult): string {
  return step.overloaded ? ` (stopped: backlog; ${step.abandoned} abandoned)` : '';
}

/** Milliseconds: whole above 10, one decimal below (a p50 of 2.4 ms says more than 2). */
function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 10 ? value.toFixed(0) : value.toFixed(1);
}

function us(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(0);
}

function cores(value: number | undefined): string {
  return value === undefined ? '–' : Math.max(0, value).toFixed(2);
}
