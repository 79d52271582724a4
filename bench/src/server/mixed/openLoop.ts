import { setMaxListeners } from 'node:events';
import type { Pool } from 'undici';
import { cpuSnapshot, cpuSpent } from '../cpu.js';
import { machineBusySeconds } from './machineCpu.js';
import type { MixRequest, RequestClass } from './workload.js';

/**
 * Open-loop load at a fixed arrival rate: request i is due at start + i / rate and is sent then
 * whether or not the earlier ones have been answered, and its latency runs from that due time,
 * not from when it went out. A server that falls behind thus shows its queue in the latencies
 * (no coordinated omission), and so does this process when it sends late (`sendLagP99Ms`).
 *
 * A step sends for warm-up + measure seconds; only requests due in the measured part count. It
 * gives up early when more than BACKLOG_S seconds of requests are outstanding: the server is then
 * far past any latency target, and waiting for the queue only lengthens the run, so the requests
 * still outstanding are abandoned (aborted; counted apart from the errors).
 */
const BACKLOG_S = 1;
const MIN_BACKLOG = 200;

/** The processes whose CPU a step accounts for. */
export interface Processes {
  readonly server: number;
  /** PostgreSQL's processes, listed afresh (a pool may open a backend during the load). */
  readonly database?: () => number[];
}

export interface StepOptions {
  readonly rateRps: number;
  readonly warmupS: number;
  readonly measureS: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface StepResult {
  readonly rateRps: number;
  /** Measured requests answered (or failed) per second of the measured window. */
  readonly achievedRps: number;
  readonly all: LatencySummary;
  /** Reads and writes: every request but the plans. */
  readonly records: LatencySummary;
  readonly byClass: Readonly<Record<RequestClass, LatencySummary>>;
  /** Non-expected statuses, timeouts and connection errors among the measured requests. */
  readonly errors: number;
  /** Count per request kind and failure, e.g. `POST …/plans: HTTP 503 Service Unavailable`. */
  readonly errorKinds: ReadonlyMap<string, number>;
  /** Stopped before the end with too many requests outstanding. */
  readonly overloaded: boolean;
  /** Measured requests still outstanding when an overloaded step stopped, then aborted. */
  readonly abandoned: number;
  /** How late this process sent the measured requests, p99 (its own share of the latency). */
  readonly sendLagP99Ms: number;
  /** CPU µs per measured request: the server, PostgreSQL (all its processes), this process. */
  readonly cpuUs: { readonly server?: number; readonly database?: number; readonly load?: number };
  /**
   * Cores kept busy meanwhile by everything else on the machine (other users' work): the
   * machine's busy CPU less the three above, over the window.
   */
  readonly otherCores?: number;
}

export function runStep(
  pool: Pool,
  next: () => MixRequest,
  processes: Processes,
  options: StepOptions,
): Promise<StepResult> {
  const intervalMs = 1000 / options.rateRps;
  const warmupCount = Math.round(options.rateRps * options.warmupS);
  const total = warmupCount + Math.round(options.rateRps * options.measureS);
  const maxOutstanding = Math.max(MIN_BACKLOG, Math.round(options.rateRps * BACKLOG_S));
  const latencies: Record<RequestClass, number[]> = { read: [], write: [], plan: [] };
  const sendLagsMs: number[] = [];
  const errorKinds = new Map<string, number>();
  const databasePids = () => processes.database?.() ?? [];
  let sent = 0;
  let outstanding = 0;
  let sending = true;
  let overloaded = false;
  let abandoned = 0;
  const abort = new AbortController();
  // Every request in flight listens on it: thousands at once, by design.
  setMaxListeners(0, abort.signal);
  let measuredDone = 0;
  let lastDoneAt = 0;
  let measureStartAt = Number.NaN;
  let cpuBefore:
    | {
        server: Map<number, number>;
        database: Map<number, number>;
        load: NodeJS.CpuUsage;
        machineS: number | undefined;
      }
    | undefined;
  const startAt = performance.now() + 20;

  return new Promise((resolve) => {
    const finish = () => {
      const spentS = cpuBefore && {
        server: cpuSpent(cpuBefore.server, cpuSnapshot([processes.server])),
        database: processes.database
          ? cpuSpent(cpuBefore.database, cpuSnapshot(databasePids()))
          : undefined,
        load: (({ user, system }) => (user + system) / 1e6)(process.cpuUsage(cpuBefore.load)),
        machine: difference(machineBusySeconds(), cpuBefore.machineS),
      };
      const perRequestUs = (seconds: number | undefined) =>
        seconds === undefined || measuredDone === 0 ? undefined : (seconds * 1e6) / measuredDone;
      const records = [...latencies.read, ...latencies.write];
      const windowS = (lastDoneAt - measureStartAt) / 1000;
      const cpuWindowS = (performance.now() - measureStartAt) / 1000;
      resolve({
        rateRps: options.rateRps,
        achievedRps: measuredDone > 0 && windowS > 0 ? measuredDone / windowS : 0,
        all: summarize([...records, ...latencies.plan]),
        records: summarize(records),
        byClass: {
          read: summarize(latencies.read),
          write: summarize(latencies.write),
          plan: summarize(latencies.plan),
        },
        errors: [...errorKinds.values()].reduce((sum, n) => sum + n, 0),
        errorKinds,
        overloaded,
        abandoned,
        sendLagP99Ms: summarize(sendLagsMs).p99Ms,
        // An overloaded step's CPU went partly to requests it then abandoned: not per request.
        cpuUs:
          spentS && !overloaded
            ? {
                server: perRequestUs(spentS.server),
                database: perRequestUs(spentS.database),
                load: perRequestUs(spentS.load),
              }
            : {},
        otherCores:
          spentS?.machine !== undefined && cpuWindowS > 0
            ? (spentS.machine - (spentS.server ?? 0) - (spentS.database ?? 0) - spentS.load) /
              cpuWindowS
            : undefined,
      });
    };

    const complete = (
      measured: boolean,
      dueAt: number,
      request: MixRequest,
      failure: string | undefined,
    ) => {
      outstanding--;
      if (measured && failure === ABANDONED) abandoned++;
      else if (measured) {
        const now = performance.now();
        measuredDone++;
        lastDoneAt = now;
        // A failed request's latency counts too: its caller waited that long for nothing.
        latencies[request.class].push(now - dueAt);
        if (failure !== undefined) {
          const key = `${request.kind}: ${failure}`;
          errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
        }
      }
      if (!sending && outstanding === 0) finish();
    };

    const send = (index: number) => {
      const dueAt = startAt + index * intervalMs;
      const measured = index >= warmupCount;
      const request = next();
      if (measured) sendLagsMs.push(performance.now() - dueAt);
      outstanding++;
      pool
        .request({
          method: request.method,
          path: request.path,
          headers: request.headers,
          body: request.body,
          signal: abort.signal,
        })
        .then(async ({ statusCode, body }) => {
          // The whole answer is read: a request is done when its last byte is in.
          if (statusCode === request.expectedStatus) {
            await body.arrayBuffer();
            return undefined;
          }
          return `HTTP ${statusCode} ${problemSummary(await body.text())}`;
        })
        .catch(failureName)
        .then((failure) => complete(measured, dueAt, request, failure));
    };

    const tick = () => {
      const now = performance.now();
      while (sent < total && startAt + sent * intervalMs <= now) {
        if (outstanding >= maxOutstanding) {
          overloaded = true;
          abort.abort();
          break;
        }
        if (sent === warmupCount) {
          measureStartAt = startAt + sent * intervalMs;
          cpuBefore = {
            server: cpuSnapshot([processes.server]),
            database: cpuSnapshot(databasePids()),
            load: process.cpuUsage(),
            machineS: machineBusySeconds(),
          };
        }
        send(sent++);
      }
      if (sent < total && !overloaded) {
        setTimeout(tick, Math.max(0, startAt + sent * intervalMs - performance.now()));
      } else {
        sending = false;
        if (outstanding === 0) finish();
      }
    };
    setTimeout(tick, Math.max(0, startAt - performance.now()));
  });
}

function difference(after: number | undefined, before: number | undefined): number | undefined {
  return after === undefined || before === undefined ? undefined : after - before;
}

/** What a problem+json answer says went wrong: its first field error, or its title. */
function problemSummary(text: string): string {
  try {
    const problem = JSON.parse(text) as {
      title?: string;
      errors?: { field?: string; message?: string }[];
    };
    const first = problem.errors?.[0];
    return (first ? `${first.field}: ${first.message}` : (problem.title ?? '')).slice(0, 160);
  } catch {
    return text.slice(0, 160);
  }
}

const ABANDONED = 'abandoned';

/** A timeout or a connection error, named by undici's code. */
function failureName(error: unknown): string {
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (code === 'UND_ERR_ABORTED' || name === 'AbortError') return ABANDONED;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return typeof code === 'string' ? code : String(error);
}

/** Nearest-rank percentiles. */
export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0)
    return { count: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, maxMs: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: sorted[sorted.length - 1],
  };
}
