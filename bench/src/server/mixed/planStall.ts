import { Pool } from 'undici';
import { type LatencySummary, summarize } from './openLoop.js';

/**
 * How long a plan holds the server's event loop: plans sent one at a time while a probe asks
 * GET /api/me (a cached session: no database, a few µs of work) on its own connection, one at a
 * time, every PROBE_INTERVAL_MS or as soon as the last is answered. The probe in flight when the
 * loop is taken waits until it is free, so the longest probe is the longest hold (less at most
 * PROBE_INTERVAL_MS). A planner run off the event loop leaves the probe at its idle latency
 * whatever the plan costs.
 */
const PROBE_INTERVAL_MS = 2;

export interface PlanStallResult {
  readonly label: string;
  readonly body: unknown;
  readonly plans: LatencySummary;
  readonly failures: number;
  readonly probe: LatencySummary;
}

export async function measurePlanStall(
  origin: string,
  options: {
    readonly label: string;
    readonly planPath: string;
    readonly body: (i: number) => unknown;
    readonly clinicianToken: string;
    readonly probeToken: string;
    readonly count: number;
  },
): Promise<PlanStallResult> {
  const plans = new Pool(origin, { connections: 1 });
  const probes = new Pool(origin, { connections: 1 });
  const probeLatencies: number[] = [];
  const planLatencies: number[] = [];
  let failures = 0;
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      const sentAt = performance.now();
      try {
        const { statusCode, body } = await probes.request({
          method: 'GET',
          path: '/api/me',
          headers: { authorization: `Bearer ${options.probeToken}` },
        });
        await body.dump();
        if (statusCode !== 200) failures++;
      } catch {
        failures++;
      }
      probeLatencies.push(performance.now() - sentAt);
      const waitMs = sentAt + PROBE_INTERVAL_MS - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  })();
  try {
    // Let the probe settle on its idle latency first.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let i = 0; i < options.count; i++) {
      const startAt = performance.now();
      const { statusCode, body } = await plans.request({
        method: 'POST',
        path: options.planPath,
        headers: {
          authorization: `Bearer ${options.clinicianToken}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(options.body(i)),
      });
      await body.arrayBuffer();
      if (statusCode !== 201) failures++;
      planLatencies.push(performance.now() - startAt);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    probing = false;
    await probeLoop;
    await Promise.all([plans.close(), probes.close()]);
  }
  return {
    label: options.label,
    body: options.body(0),
    plans: summarize(planLatencies),
    failures,
    probe: summarize(probeLatencies),
  };
}
