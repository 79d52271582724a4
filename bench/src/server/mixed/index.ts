import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEMPLATE } from '@microcore/core';
import { migrate, openStorage } from '@microcore/server';
import { Pool } from 'undici';
import type { BenchContext, Benchmark } from '../../benchmark.js';
import { UsageError } from '../../usageError.js';
import { processTree } from '../cpu.js';
import { startAppCluster } from './cluster.js';
import { type Processes, runStep, type StepResult } from './openLoop.js';
import { measurePlanStall, type PlanStallResult } from './planStall.js';
import { planBody } from './records.js';
import { findHighestRate, passes, type SearchResult } from './search.js';
import { formatStep, section } from './section.js';
import { CLINICS, PATIENTS_PER_CLINIC, seedClinics } from './seed.js';
import { startServerChild } from './serverChild.js';
import { Workload } from './workload.js';
import { signIn } from './world.js';

/**
 * The mixed clinic workload (the Speed section): 100 clinics × 3 users, 85 % reads of
 * patient records, 14 % writes, 1 % plans, open loop at fixed rates, on PostgreSQL (as the app
 * role that row-level security binds) and on the embedded PGlite. The server runs in its own
 * process, PostgreSQL in its own, the load generator here: all on this machine's cores.
 *
 * Durations (seconds) and the search's depth come from the environment, so a quick look and a
 * full run use the same code: BENCH_MIXED_WARMUP_S, BENCH_MIXED_MEASURE_S, BENCH_MIXED_BISECTIONS,
 * BENCH_MIXED_PLAN_PROBES; BENCH_MIXED_DATABASES (`postgres,pglite`, the default) picks the
 * databases, e.g. `pglite` to compare two builds of the embedded one.
 */
export interface Settings {
  readonly databases: readonly Database[];
  readonly warmupS: number;
  readonly measureS: number;
  readonly bisections: number;
  /** Plans sent one at a time, per plan request, by the event-loop probe. */
  readonly planProbes: number;
}

const DATABASES = ['postgres', 'pglite'] as const;
type Database = (typeof DATABASES)[number];

export interface DatabaseResult {
  readonly database: string;
  readonly search: SearchResult;
  readonly stalls: readonly PlanStallResult[];
  readonly seedS: number;
}

/** Undici's pool toward the server: enough keep-alive sockets for the queue at any tested rate. */
const SOCKETS = 256;
const REQUEST_TIMEOUT_MS = 10_000;
const PAUSE_BETWEEN_STEPS_MS = 1000;
const PAUSE_AFTER_OVERLOAD_MS = 5000;
const WORKLOAD_SEED = 42;
const WARM_UP_RPS = 100;

/**
 * Every zone of the template at the finest needle and close to the highest coverage clinical
 * mode accepts: at 8 % the densest square centimetre may lose more than 8 % and the plan is
 * refused (docs/planner.md, "The densest square centimetre"); 6.5 % keeps it at about 7.5 %.
 */
const HEAVIEST_CLINICAL_PLAN = {
  zones: DEFAULT_TEMPLATE.zones.map((zone) => zone.id),
  needle: '27G',
  coverage: 6.5,
  mode: 'clinical',
};

export const serverMixedBenchmark: Benchmark = {
  name: 'server-mixed',
  async run(ctx) {
    const settings = settingsFromEnv(ctx.quick);
    ctx.log(
      `  steps of ${settings.warmupS} s warm-up + ${settings.measureS} s measured, ${settings.bisections} bisections`,
    );
    const results: DatabaseResult[] = [];
    const cluster = settings.databases.includes('postgres') ? await startAppCluster() : undefined;
    if (cluster) {
      try {
        results.push(
          await runDatabase(ctx, settings, `PostgreSQL ${cluster.version}`, {
            openSeed: () => openStorage({ databaseUrl: cluster.ownerUrl }),
            env: { DATABASE_URL: cluster.appUrl, DATABASE_MIGRATION_URL: cluster.ownerUrl },
            database: () => processTree(cluster.postmasterPid(), true),
            settle: () => cluster.settle(),
          }),
        );
      } finally {
        cluster.stop();
      }
    } else if (settings.databases.includes('postgres'))
      ctx.log('  no PostgreSQL binaries: the PostgreSQL rows are skipped');
    if (!settings.databases.includes('pglite')) return section(results, settings, ctx);
    const dir = mkdtempSync(join(tmpdir(), 'microcore-bench-mixed-'));
    try {
      results.push(
        await runDatabase(ctx, settings, 'PGlite', {
          openSeed: () => openStorage({ dataDir: dir }),
          env: { MICROCORE_DATA_DIR: dir },
        }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return section(results, settings, ctx);
  },
};

interface Target {
  /** The database as its owner, for the seed (before the server starts). */
  openSeed(): ReturnType<typeof openStorage>;
  readonly env: NodeJS.ProcessEnv;
  /** The database's processes, when it has its own (PostgreSQL). */
  readonly database?: () => number[];
  /** Bring the database to a steady state after the seed. */
  settle?(): Promise<void>;
}

async function runDatabase(
  ctx: BenchContext,
  settings: Settings,
  database: string,
  target: Target,
): Promise<DatabaseResult> {
  ctx.log(`\n  ${database}`);
  const seedStarted = performance.now();
  const storage = await target.openSeed();
  const seeded = await (async () => {
    try {
      await migrate(storage.db);
      return await seedClinics(storage.db, 1);
    } finally {
      await storage.close();
    }
  })();
  await target.settle?.();
  const seedS = (performance.now() - seedStarted) / 1000;
  ctx.log(
    `  seeded ${CLINICS} clinics × 3 users and ${CLINICS * PATIENTS_PER_CLINIC} patients, each with a plan, a session and an assessment, in ${seedS.toFixed(1)} s`,
  );
  const server = await startServerChild(target.env);
  const pool = new Pool(server.url, {
    connections: SOCKETS,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  try {
    const world = await signIn(pool, seeded);
    const workload = new Workload(world, WORKLOAD_SEED);
    const processes: Processes = {
      server: server.pid,
      ...(target.database ? { database: target.database } : {}),
    };
    const logErrors = (step: StepResult) => {
      for (const [kind, n] of step.errorKinds) ctx.log(`      ${n} × ${kind}`);
      if ([...step.errorKinds.keys()].some((k) => k.includes(': HTTP 5')))
        for (const line of server.lastLines()) ctx.log(`      server: ${line.slice(0, 300)}`);
    };
    // Every kind of request through the JIT, the database's caches and the API's validation
    // (a body the API refuses shows here), not recorded.
    const warmUp = await runStep(pool, () => workload.next(), processes, {
      rateRps: WARM_UP_RPS,
      warmupS: 0,
      measureS: Math.max(2, settings.warmupS),
    });
    ctx.log(`  warm-up: ${formatStep(warmUp)}`);
    logErrors(warmUp);
    await pauseAfter(warmUp);
    const measure = async (rateRps: number): Promise<StepResult> => {
      const step = await runStep(pool, () => workload.next(), processes, {
        rateRps,
        warmupS: settings.warmupS,
        measureS: settings.measureS,
      });
      ctx.log(`  ${formatStep(step)}${passes(step) ? '' : '  ✗'}`);
      logErrors(step);
      await pauseAfter(step);
      return step;
    };
    const search = await findHighestRate(measure, settings.bisections);

    const [clinic, other] = world;
    const patient = clinic.patients[0];
    const stalls: PlanStallResult[] = [];
    for (const [label, body] of [
      ['the mix’s plan', (i: number) => planBody(i)],
      ['the heaviest clinical plan', (i: number) => ({ ...HEAVIEST_CLINICAL_PLAN, seed: i })],
    ] as const) {
      const stall = await measurePlanStall(server.url, {
        label,
        planPath: `/api/patients/${patient.id}/plans`,
        body,
        clinicianToken: clinic.clinicianTokens[0],
        probeToken: other.adminToken,
        count: settings.planProbes,
      });
      ctx.log(
        `  plan alone (${label}): p50 ${stall.plans.p50Ms.toFixed(0)} ms, max ${stall.plans.maxMs.toFixed(0)} ms; GET /api/me meanwhile p50 ${stall.probe.p50Ms.toFixed(1)} ms, max ${stall.probe.maxMs.toFixed(0)} ms; failures ${stall.failures}`,
      );
      stalls.push(stall);
    }
    return { database, search, stalls, seedS };
  } finally {
    await pool.close();
    await server.stop();
  }
}

/** After an overload the server still works off the requests it had taken: a longer pause. */
function pauseAfter(step: StepResult): Promise<void> {
  const pauseMs = step.overloaded ? PAUSE_AFTER_OVERLOAD_MS : PAUSE_BETWEEN_STEPS_MS;
  return new Promise((resolve) => setTimeout(resolve, pauseMs));
}

export function settingsFromEnv(quick: boolean, env = process.env): Settings {
  const read = (name: string, fallback: number, min: number, max: number, whole = false) => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (whole && !Number.isInteger(value))
    )
      throw new UsageError(
        `${name} must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}, got "${text}"`,
      );
    return value;
  };
  const databases = (env.BENCH_MIXED_DATABASES || DATABASES.join(','))
    .split(',')
    .map((name) => name.trim());
  const unknown = databases.filter((name) => !(DATABASES as readonly string[]).includes(name));
  if (unknown.length > 0 || databases.length === 0)
    throw new UsageError(
      `BENCH_MIXED_DATABASES must list ${DATABASES.join(' and/or ')}, comma-separated, got "${env.BENCH_MIXED_DATABASES}"`,
    );
  return {
    databases: databases as Database[],
    warmupS: read('BENCH_MIXED_WARMUP_S', quick ? 1 : 3, 0, 600),
    measureS: read('BENCH_MIXED_MEASURE_S', quick ? 3 : 12, 0.5, 3600),
    bisections: read('BENCH_MIXED_BISECTIONS', quick ? 1 : 3, 0, 10, true),
    planProbes: read('BENCH_MIXED_PLAN_PROBES', quick ? 3 : 10, 1, 1000, true),
  };
}
