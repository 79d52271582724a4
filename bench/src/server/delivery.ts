import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type DeliveryEvent, DeliveryGuard, simulateDelivery } from '@microcore/core';
import { buildApp, createClinic, migrate, openStorage, type Storage } from '@microcore/server';
import WebSocket from 'ws';
import type { BenchContext, Benchmark } from '../benchmark.js';
import { describeMachine, formatMachine } from '../machine.js';
import { median } from '../stats.js';
import { startAppCluster } from './mixed/cluster.js';

/**
 * Ingest throughput of a live delivery session (issue 14), with durability: every event
 * acknowledged is committed (PGlite as the server runs it; PostgreSQL with fsync and
 * synchronous_commit on, the cluster's defaults). The events are the simulator's over the
 * default plan, sent by one console to the server in this process over a real socket, in three
 * ways: one event per HTTP request waiting for each answer; one event per WebSocket message,
 * sent without waiting (as a live console does: batches of one session that arrive during a
 * commit share the next); HTTP batches of 100 (a console catching up). Compared with the device's
 * own rate in the same simulation (events and cores per second of active time).
 */
const EVENTS = 3000;
const REPEATS = 3;
const PASSWORD = 'bench-password-long-enough';
const BENCH_SCRYPT_COST = { logN: 10, r: 8, p: 1, keyLength: 32 };

interface Mode {
  readonly name: string;
  /** Sends `events` to the session; resolves when the last is acknowledged. */
  readonly send: (session: Session, events: readonly DeliveryEvent[]) => Promise<void>;
}

interface Session {
  readonly base: string;
  readonly path: string;
  readonly token: string;
  readonly consoleId: string;
}

interface Row {
  readonly database: string;
  readonly mode: string;
  readonly eventsPerS: number;
  readonly coresPerS: number;
}

async function post(session: Session, events: readonly DeliveryEvent[]): Promise<void> {
  const response = await fetch(`${session.base}${session.path}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ consoleId: session.consoleId, events }),
  });
  const body = (await response.json()) as { lastSeq?: number };
  if (response.status !== 200) throw new Error(`ingest: ${JSON.stringify(body).slice(0, 300)}`);
}

const MODES: readonly Mode[] = [
  {
    name: 'HTTP, 1 event per request, each awaited',
    send: async (session, events) => {
      for (const event of events) await post(session, [event]);
    },
  },
  {
    name: 'WebSocket, 1 event per message, pipelined',
    send: (session, events) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(
          `${session.base.replace('http', 'ws')}${session.path}/socket?consoleId=${session.consoleId}`,
          { headers: { authorization: `Bearer ${session.token}` } },
        );
        const last = events[events.length - 1].seq;
        ws.on('message', (data) => {
          const message = JSON.parse(String(data));
          if (message.type === 'resume')
            for (const event of events)
              ws.send(JSON.stringify({ type: 'events', events: [event] }));
          else if (message.type !== 'ack') reject(new Error(JSON.stringify(message)));
          else if (message.lastSeq === last) {
            ws.close();
            resolve();
          }
        });
        ws.on('error', reject);
      }),
  },
  {
    name: 'HTTP, batches of 100',
    send: async (session, events) => {
      for (let i = 0; i < events.length; i += 100) await post(session, events.slice(i, i + 100));
    },
  },
];

async function measure(
  database: string,
  storage: Storage,
  ctx: BenchContext,
  count: number,
): Promise<{ rows: Row[]; device: { eventsPerS: number; coresPerS: number; events: number } }> {
  await createClinic(
    storage.db,
    `Delivery bench ${database}`,
    [{ email: 'clinician@delivery.bench', role: 'clinician', password: PASSWORD }],
    BENCH_SCRYPT_COST,
  );
  const app = await buildApp({
    db: storage.db,
    config: { passwordCost: BENCH_SCRYPT_COST, logLevel: 'warn' },
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300) throw new Error(`${path}: ${JSON.stringify(json)}`);
      return json;
    };
    const login = await call('POST', '/api/auth/login', undefined, {
      email: 'clinician@delivery.bench',
      password: PASSWORD,
    });
    const token = login.token as string;
    const patient = (
      await call('POST', '/api/patients', token, {
        givenName: 'Bench',
        familyName: 'Delivery',
        birthDate: '1970-01-01',
        sex: 'female',
        fitzpatrickType: 2,
        laxityGrade: 2.5,
      })
    ).id as string;
    const planId = (await call('POST', `/api/patients/${patient}/plans`, token, {})).id as string;
    const plan = (await call('GET', `/api/patients/${patient}/plans/${planId}`, token)).plan;
    const sim = simulateDelivery(new DeliveryGuard(plan), { seed: 1 });
    const s = sim.state;
    const activeS = (s.lastAtS ?? 0) - (s.firstAtS ?? 0) - s.pausedS;
    const allExtracted = sim.events.filter((e) => e.type === 'extracted').length;
    const device = {
      eventsPerS: sim.events.length / activeS,
      coresPerS: allExtracted / activeS,
      events: sim.events.length,
    };
    const events = sim.events.slice(0, count);
    const extracted = events.filter((e) => e.type === 'extracted').length;
    const rows: Row[] = [];
    for (const mode of MODES) {
      const seconds: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const consoleId = `bench-${database}-${rows.length}-${r}`;
        const started = await call('POST', `/api/patients/${patient}/delivery-sessions`, token, {
          planId,
          consoleId,
          anaesthesia: 'topical',
        });
        const session = {
          base,
          path: `/api/patients/${patient}/delivery-sessions/${started.id}`,
          token,
          consoleId,
        };
        const t0 = performance.now();
        await mode.send(session, events);
        seconds.push((performance.now() - t0) / 1000);
      }
      const s50 = median(seconds);
      rows.push({
        database,
        mode: mode.name,
        eventsPerS: events.length / s50,
        coresPerS: extracted / s50,
      });
      ctx.log(`${database}: ${mode.name}: ${(events.length / s50).toFixed(0)} events/s`);
    }
    return { rows, device };
  } finally {
    await app.close();
  }
}

export const serverDeliveryBenchmark: Benchmark = {
  name: 'server-delivery',
  async run(ctx: BenchContext): Promise<string> {
    const count = ctx.quick ? 500 : EVENTS;
    const rows: Row[] = [];
    let device: Awaited<ReturnType<typeof measure>>['device'] | undefined;
    const dataDir = mkdtempSync(join(tmpdir(), 'microcore-bench-delivery-'));
    const pglite = await openStorage({ dataDir });
    try {
      await migrate(pglite.db);
      const measured = await measure('PGlite', pglite, ctx, count);
      rows.push(...measured.rows);
      device = measured.device;
    } finally {
      await pglite.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const cluster = await startAppCluster();
    if (cluster) {
      const owner = await openStorage({ databaseUrl: cluster.ownerUrl });
      try {
        await migrate(owner.db);
      } finally {
        await owner.close();
      }
      const app = await openStorage({ databaseUrl: cluster.appUrl });
      try {
        rows.push(...(await measure(`PostgreSQL ${cluster.version}`, app, ctx, count)).rows);
      } finally {
        await app.close();
        cluster.stop();
      }
    }
    if (!device) throw new Error('no device rate');
    const d = device;
    const table = rows.map(
      (r) =>
        `| ${r.database} | ${r.mode} | ${r.eventsPerS.toFixed(0)} | ${r.coresPerS.toFixed(0)} | ${(r.eventsPerS / d.eventsPerS).toFixed(0)}× |`,
    );
    return [
      '## Delivery session ingest (issue 14)',
      '',
      `\`node bench/dist/run.js --only server-delivery\`${ctx.quick ? ' (--quick)' : ''}. ${formatMachine(describeMachine())}`,
      '',
      `The first ${count} events of the simulator's session over the default plan (${d.events} events in all), one console, the server in this process over a real socket; every acknowledgement after its commit (PGlite as the server runs it; PostgreSQL with fsync and synchronous_commit on). Median of ${REPEATS} runs, each on a new session. The device's own rate in the same simulation: ${d.eventsPerS.toFixed(2)} events/s, ${d.coresPerS.toFixed(2)} cores/s of active time (handpiece.ts: a field's cores every secondsPerField + repositionSecondsPerField). Target: ≥ 20×.`,
      '',
      '| database | console | events/s | cores/s | × device |',
      '| --- | --- | ---: | ---: | ---: |',
      ...table,
      '',
    ].join('\n');
  },
};
