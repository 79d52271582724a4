import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeMachine, formatMachine } from '../machine.js';
import { cpuSnapshot, cpuSpent, processTree } from './cpu.js';
import { startBenchCluster } from './postgres.js';

/**
 * The clinic server under load: autocannon against GET /api/patients/{id} and
 * POST /api/patients/{id}/plans, on the embedded PGlite and on a PostgreSQL server, beside a bare
 * Fastify hello route, in one run. Each server runs in its own child process (one core), the
 * load generator in this process (the other core).
 */
const SERVER_BIN = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'packages',
  'server',
  'bin',
  'microcore-server.js',
);
const PASSWORD = 'bench-password-long-enough';
const PATIENT = {
  givenName: 'Bench',
  familyName: 'Mark',
  birthDate: '1970-01-01',
  sex: 'female',
  fitzpatrickType: 2,
  laxityGrade: 2,
};
const PLAN_INPUT = { zones: ['submental'], seed: 1 };

/** Concurrent connections: a handful of clinic workstations, and a busy group of clinics. */
const CONNECTIONS = [10, 100] as const;
/**
 * Pairs (bare route, then the read) per connection count for the read on PostgreSQL, the row
 * the target is about: this machine's speed drifts by a third over minutes, so each row is
 * compared with a bare route measured right before it, and the read with the median of 3 pairs.
 */
const READ_PAIRS = 3;

interface Row {
  readonly target: string;
  readonly database: string;
  readonly connections: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  /** The bare route's req/s measured just before this row, at the same connections. */
  readonly bareRequestsPerSecond: number;
  /** For a row measured as several pairs: each pair's ratio to its bare route (the row is the median pair). */
  readonly pairRatios?: readonly number[];
  /** CPU µs per request: the server process, PostgreSQL (all its processes), this process. */
  readonly cpuUs?: { readonly server?: number; readonly database?: number; readonly load?: number };
}

/** The processes whose CPU a load row accounts for. */
interface Processes {
  readonly server: number;
  /** PostgreSQL's processes, listed afresh (a pool may open a backend during the load). */
  readonly database?: () => number[];
}

interface LoadSpec {
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly connections: number;
  readonly processes: Processes;
}

type Measured = Omit<
  Row,
  'target' | 'database' | 'connections' | 'bareRequestsPerSecond' | 'pairRatios'
>;

export const serverBenchmark: Benchmark = {
  name: 'server',
  async run(ctx) {
    const seconds = ctx.quick ? 3 : 10;
    const rows: Row[] = [];
    const bare = await startChild(
      process.execPath,
      [ctx.entryFile, '--memory-child', 'server', 'bare'],
      {},
    );
    const dir = mkdtempSync(join(tmpdir(), 'microcore-bench-server-'));
    const cluster = await startBenchCluster();
    try {
      /** The bare route, then `measure`, at the same connections: one row, with its own ratio. */
      const paired = async (
        target: string,
        database: string,
        connections: number,
        measure: () => Promise<Measured>,
      ): Promise<Row> => {
        const reference = await load(ctx, seconds, {
          url: `${bare.url}/hello`,
          connections,
          processes: { server: childPid(bare.child) },
        });
        const measured = await measure();
        return {
          target,
          database,
          ...measured,
          connections,
          bareRequestsPerSecond: reference.requestsPerSecond,
        };
      };
      /** `pairs` paired rows; the one with the median ratio stands for them all. */
      const medianPair = async (pairs: number, pair: () => Promise<Row>): Promise<Row> => {
        const measured: Row[] = [];
        for (let i = 0; i < pairs; i++) measured.push(await pair());
        const byRatio = [...measured].sort((a, b) => rowRatio(a) - rowRatio(b));
        const middle = byRatio[Math.floor(byRatio.length / 2)] as Row;
        return { ...middle, pairRatios: measured.map(rowRatio) };
      };
      const databases: Array<[string, NodeJS.ProcessEnv]> = [
        ['PGlite', { MICROCORE_DATA_DIR: dir }],
      ];
      if (cluster)
        databases.push([
          `PostgreSQL ${cluster.version}`,
          { DATABASE_URL: cluster.url, MICROCORE_DEMO: '1' },
        ]);
      else ctx.log('no PostgreSQL binaries: the PostgreSQL rows are skipped');
      for (const [database, env] of databases) {
        const server = await startChild(process.execPath, [SERVER_BIN], {
          ...env,
          MICROCORE_DEMO_PASSWORD: PASSWORD,
          MICROCORE_LOG_LEVEL: 'warn',
          // A checkpoint key for this run (PostgreSQL needs one; PGlite would leave a key file).
          MICROCORE_AUDIT_KEY: randomBytes(32).toString('base64'),
        });
        const onPostgres = database.startsWith('PostgreSQL') && cluster !== undefined;
        const processes: Processes = {
          server: childPid(server.child),
          ...(onPostgres ? { database: () => processTree(cluster.postmasterPid(), true) } : {}),
        };
        try {
          const token = await login(server.url);
          const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
          const created = await fetch(`${server.url}/api/patients`, {
            method: 'POST',
            headers,
            body: JSON.stringify(PATIENT),
          });
          const patientId = ((await created.json()) as { id: string }).id;
          for (const connections of CONNECTIONS) {
            const read = () =>
              paired('GET /api/patients/{id}', database, connections, () =>
                load(ctx, seconds, {
                  url: `${server.url}/api/patients/${patientId}`,
                  headers,
                  connections,
                  processes,
                }),
              );
            rows.push(onPostgres ? await medianPair(READ_PAIRS, read) : await read());
          }
          // Our own stack with no database work at all (the session is cached): what any route
          // of this server can reach here, before it reads a row.
          if (onPostgres)
            for (const connections of CONNECTIONS)
              rows.push(
                await paired(
                  'ceiling: GET /api/me, session cached, no database',
                  database,
                  connections,
                  () =>
                    load(ctx, seconds, {
                      url: `${server.url}/api/me`,
                      headers,
                      connections,
                      processes,
                    }),
                ),
              );
          rows.push(
            await paired('POST /api/patients/{id}/plans (submental)', database, 10, () =>
              load(ctx, seconds, {
                url: `${server.url}/api/patients/${patientId}/plans`,
                method: 'POST',
                headers,
                body: JSON.stringify(PLAN_INPUT),
                connections: 10,
                processes,
              }),
            ),
          );
        } finally {
          server.child.kill('SIGTERM');
          await new Promise((resolve) => server.child.once('exit', resolve));
        }
      }
      if (cluster)
        rows.push(
          await paired(
            'ceiling: node-postgres SELECT by key, no HTTP, no audit',
            `PostgreSQL ${cluster.version}`,
            10,
            () => driverCeiling(ctx, cluster.url, seconds, cluster.postmasterPid()),
          ),
        );
    } finally {
      bare.child.kill('SIGTERM');
      cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return section(rows, seconds, ctx);
  },
  async runChild(args) {
    if (args[0] !== 'bare') throw new Error(`unknown server child '${args[0]}'`);
    const app = Fastify({ logger: false });
    app.get('/hello', async () => ({ hello: 'world' }));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    process.stdout.write(`listening on ${address}\n`);
    await new Promise((resolve) => process.once('SIGTERM', resolve));
    await app.close();
  },
};

/** A row's req/s over the bare route's, measured just before it. */
function rowRatio(row: Row): number {
  return row.requestsPerSecond / row.bareRequestsPerSecond;
}

async function load(ctx: BenchContext, seconds: number, spec: LoadSpec): Promise<Measured> {
  const method = spec.method ?? 'GET';
  ctx.log(`  autocannon ${method} ${spec.url}, ${spec.connections} connections, for ${seconds} s`);
  const databasePids = () => spec.processes.database?.() ?? [];
  const serverBefore = cpuSnapshot([spec.processes.server]);
  const databaseBefore = cpuSnapshot(databasePids());
  const loadBefore = process.cpuUsage();
  const result = await autocannon({
    url: spec.url,
    method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    duration: seconds,
  });
  const loadSpent = process.cpuUsage(loadBefore);
  const serverSpent = cpuSpent(serverBefore, cpuSnapshot([spec.processes.server]));
  const databaseSpent = spec.processes.database
    ? cpuSpent(databaseBefore, cpuSnapshot(databasePids()))
    : undefined;
  const requests = result.requests.total;
  const perRequestUs = (seconds?: number) =>
    seconds === undefined || requests === 0 ? undefined : (seconds * 1e6) / requests;
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    cpuUs: {
      server: perRequestUs(serverSpent),
      database: perRequestUs(databaseSpent),
      load: perRequestUs((loadSpent.user + loadSpent.system) / 1e6),
    },
  };
}

function childPid(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('a server child without a pid');
  return child.pid;
}

/**
 * What the database driver alone reaches on this machine: node-postgres, 10 clients, one
 * SELECT by primary key each round, no HTTP, no transaction, no audit. No route that reads a
 * row per request can beat it, so it bounds the read route's ratio from above.
 */
async function driverCeiling(
  ctx: BenchContext,
  url: string,
  seconds: number,
  postmasterPid: number,
): Promise<Measured> {
  ctx.log(`  node-postgres SELECT by primary key, 10 clients, for ${seconds} s`);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    await pool.query('create table bench_ceiling (id int primary key, v text)');
    await pool.query(`insert into bench_ceiling values (1, 'x')`);
    const latenciesMs: number[] = [];
    const databasePids = () => processTree(postmasterPid, true);
    const databaseBefore = cpuSnapshot(databasePids());
    const loadBefore = process.cpuUsage();
    const endMs = Date.now() + seconds * 1000;
    const startMs = performance.now();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const client = await pool.connect();
        try {
          while (Date.now() < endMs) {
            const t0 = performance.now();
            await client.query('select * from bench_ceiling where id = $1', [1]);
            latenciesMs.push(performance.now() - t0);
          }
        } finally {
          client.release();
        }
      }),
    );
    const elapsedS = (performance.now() - startMs) / 1000;
    const loadSpent = process.cpuUsage(loadBefore);
    const databaseSpent = cpuSpent(databaseBefore, cpuSnapshot(databasePids()));
    const perQueryUs = (spentS: number | undefined) =>
      spentS === undefined ? undefined : (spentS * 1e6) / latenciesMs.length;
    latenciesMs.sort((a, b) => a - b);
    return {
      requestsPerSecond: latenciesMs.length / elapsedS,
      p99Ms: Math.round(latenciesMs[Math.floor(latenciesMs.length * 0.99)] ?? 0),
      errors: 0,
      non2xx: 0,
      cpuUs: {
        database: perQueryUs(databaseSpent),
        load: perQueryUs((loadSpent.user + loadSpent.system) / 1e6),
      },
    };
  } finally {
    await pool.end();
  }
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'clinician@demo.clinic', password: PASSWORD }),
  });
  if (response.status !== 200)
    throw new Error(`bench login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

function startChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(command, args, {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server child exited (${code}): ${out}`)));
  });
}

function section(rows: readonly Row[], seconds: number, ctx: BenchContext): string {
  const lines = [
    '## Clinic server under load: ours vs a bare Fastify route',
    '',
    ctx.quick ? '> **Quick smoke run** (`--quick`): short runs, indicative only.\n' : '',
    '- Command: `npm run bench` (this section alone: `node bench/dist/run.js --only server`)',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${formatMachine(describeMachine())}`,
    `- Load: autocannon from the bench process, ${seconds} s per measurement, at ${CONNECTIONS.join(' and ')} connections; each server in its own child process, PostgreSQL in its own processes, all on this machine's 2 cores. The servers log at "warn".`,
    `- Pairs: this machine's speed drifts (the bare route has measured anywhere from 40,000 to 62,000 req/s on different minutes), so every row is paired with the bare Fastify route measured just before it at the same connections, and its ratio is to that. The read on PostgreSQL, which the target is about, is measured as ${READ_PAIRS} pairs per connection count; its row is the pair with the median ratio, and all ${READ_PAIRS} ratios are listed below.`,
    '- Data: the demo clinic, one patient; every read appends an audit record that is committed before the answer; the plan request plans the submental zone (2,107 cores) and stores it.',
    '',
    '| Target | Database | Connections | Req/s | p99 ms | Errors | Non-2xx | Bare req/s (paired) | ÷ bare | CPU µs/req: server | PostgreSQL | load generator |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.target} | ${r.database} | ${r.connections} | ${r.requestsPerSecond.toFixed(0)} | ${r.p99Ms} | ${r.errors} | ${r.non2xx} | ${r.bareRequestsPerSecond.toFixed(0)} | ${rowRatio(r).toFixed(2)} | ${us(r.cpuUs?.server)} | ${us(r.cpuUs?.database)} | ${us(r.cpuUs?.load)} |`,
    ),
    '',
    "CPU µs/req: the CPU time (user + system, from /proc) each side spent during the row, divided by its requests. The PGlite server holds its database in its own process, so its server column includes it. The driver row has no server: its client runs in the load generator's process.",
    '',
    '### The retired target',
    '',
    "Issue 4's target, ⅓ of the bare route's req/s for the read, was replaced by the mixed clinic workload (section server-mixed); since then a read takes the same audited path as every other read (no batched patient read), as the redesign asked. The rows stay as the cost of one read beside its ceilings.",
    '',
  ];
  const reads = rows.filter(
    (r) => r.target.startsWith('GET /api/patients') && r.database.startsWith('PostgreSQL'),
  );
  if (reads.length === 0)
    lines.push('- Read route on PostgreSQL: not measured (no PostgreSQL binaries on this machine)');
  for (const read of reads) {
    const r = rowRatio(read);
    const pairs = read.pairRatios
      ? ` (pairs: ${read.pairRatios.map((p) => p.toFixed(2)).join(', ')})`
      : '';
    lines.push(
      `- Read route on PostgreSQL against the retired ⅓ of the bare route, ${read.connections} connections: ${read.requestsPerSecond.toFixed(0)} / ${read.bareRequestsPerSecond.toFixed(0)} = ${r.toFixed(2)}${pairs}`,
    );
  }
  const driver = rows.find((r) => r.target.startsWith('ceiling: node-postgres'));
  if (driver)
    lines.push(
      `- For scale, two ceilings. The driver alone (node-postgres, one SELECT per round trip, no HTTP, no audit) reaches ${driver.requestsPerSecond.toFixed(0)} req/s = ${rowRatio(driver).toFixed(2)} of the bare route at 10 connections.`,
    );
  for (const me of rows.filter((r) => r.target.startsWith('ceiling: GET /api/me')))
    lines.push(
      `- Our server with no database work at all (GET /api/me, the session cached), ${me.connections} connections: ${me.requestsPerSecond.toFixed(0)} req/s = ${rowRatio(me).toFixed(2)} of the bare route.`,
    );
  // With every process busy all the time, the cores bound req/s at cores ÷ (CPU per request).
  const cores = describeMachine().logicalCores;
  for (const read of reads.filter((r) => r.connections === 100)) {
    const cpu = read.cpuUs;
    const totalUs = (cpu?.server ?? 0) + (cpu?.database ?? 0) + (cpu?.load ?? 0);
    if (!cpu?.server || !cpu.load || totalUs === 0) continue;
    const boundRps = (cores * 1e6) / totalUs;
    lines.push(
      `- The CPU bound on the read at 100 connections: ${us(cpu.server)} µs (server) + ${us(cpu.database)} µs (PostgreSQL) + ${us(cpu.load)} µs (load generator) = ${totalUs.toFixed(0)} µs of CPU per request; ${cores} cores busy all the time would serve at most ${boundRps.toFixed(0)} req/s = ${(boundRps / read.bareRequestsPerSecond).toFixed(2)} of the bare route.`,
    );
  }
  // At a fixed number of connections, req/s = connections ÷ latency: the target sets a latency
  // budget, and what our stack spends without the database leaves the rest for the database.
  const me10 = rows.find(
    (r) => r.target.startsWith('ceiling: GET /api/me') && r.connections === 10,
  );
  if (me10 && driver) {
    const budgetMs = (10 / (me10.bareRequestsPerSecond / 3)) * 1000;
    const stackMs = (10 / me10.requestsPerSecond) * 1000;
    const roundTripMs = (10 / driver.requestsPerSecond) * 1000;
    lines.push(
      `- The budget at 10 connections: ⅓ of the bare route means at most ${budgetMs.toFixed(3)} ms per request. Our stack without the database spends ${stackMs.toFixed(3)} ms of it, which leaves ${(budgetMs - stackMs).toFixed(3)} ms for the database; one SELECT round trip alone takes ${roundTripMs.toFixed(3)} ms here (the driver row, 10 clients), and a read must also commit its audit record before it answers.`,
    );
  }
  return lines.join('\n');
}

function us(value: number | undefined): string {
  return value === undefined ? '–' : value.toFixed(0);
}
