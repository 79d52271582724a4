import { DeliveryGuard, Rng } from '@microcore/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type DatabaseKind, onEachDatabase } from './databases.js';
import {
  asJson,
  newConsoleId,
  type SimulatedSession,
  simulatedSession,
} from './deliverySessions.js';
import { PATIENT, PLAN_REQUEST } from './helpers.js';
import { crashDatabase, killed, login, startServer } from './serverProcess.js';

/**
 * Crash trials of the delivery session (issue 14): a console sends a simulated session's events
 * (the core's simulator) in batches of random size, over the WebSocket in odd trials and over HTTP
 * in even ones; the server is killed with SIGKILL at a
 * random moment of the stream; it starts again on the same database and the console resends
 * from its LAST ACKNOWLEDGEMENT (not from what the server says it holds). Then: the server holds
 * at least every acknowledged event (none lost), its state is exactly that of an uninterrupted
 * run of the events it holds (none counted twice), and each finished session's state and record
 * equal those of an uninterrupted run. `npm run soak` runs more trials (SOAK_TRIALS).
 */
const TRIALS = Number(process.env.SOAK_TRIALS ?? 20);

// biome-ignore lint/suspicious/noExplicitAny: an answer's parsed JSON, read by the assertions
type Json = any;

/** The console's session: a patient of its own (one session record a day per patient). */
interface ConsoleSession {
  readonly base: string;
  readonly plan: unknown;
  readonly id: string;
  readonly consoleId: string;
  readonly sim: SimulatedSession;
  acked: number;
}

onEachDatabase((kind: DatabaseKind) => {
  let database: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;
  beforeAll(async () => {
    ({ env: database, cleanUp } = await crashDatabase(kind));
  });
  afterAll(() => cleanUp());

  describe('delivery crash trials (SIGKILL while events stream in)', () => {
    it(`loses no acknowledged event and counts none twice over ${TRIALS} kills`, async () => {
      const rng = new Rng(14);
      let seed = 100;
      let session: ConsoleSession | undefined;
      let sessionsFinished = 0;
      let killsMidSession = 0;
      for (let trial = 0; trial <= TRIALS; trial++) {
        const server = await startServer(database);
        let socket: TrialSocket | undefined;
        try {
          const token = await login(server.url, 'clinician@demo.clinic');
          const api = async (method: string, path: string, body?: unknown) => {
            const response = await fetch(`${server.url}${path}`, {
              method,
              headers: {
                authorization: `Bearer ${token}`,
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            });
            return { status: response.status, json: (await response.json()) as Json };
          };
          if (session) {
            // After the restart: nothing acknowledged is lost, and what is held is exactly an
            // uninterrupted run of the events held (nothing counted twice).
            const resumed = await api('GET', `${session.base}/${session.id}`);
            expect(resumed.status).toBe(200);
            const held = resumed.json.lastSeq as number;
            expect(held, 'acknowledged events kept').toBeGreaterThanOrEqual(session.acked);
            const guard = new DeliveryGuard(session.plan);
            expect(resumed.json.state).toEqual(
              asJson(guard.replay(session.sim.events.slice(0, held)).state),
            );
          }
          // The burst: batches from the last acknowledgement on, until the kill (the last
          // trial runs to the end of its session without one).
          const last = trial === TRIALS;
          let stop = false;
          let acksThisBurst = 0;
          // Odd trials stream over the session's WebSocket, even ones over HTTP: one ingest.
          const viaSocket = trial % 2 === 1;
          const stream = async () => {
            while (!stop) {
              if (session === undefined) {
                const patient = (await api('POST', '/api/patients', PATIENT)).json.id as string;
                const planId = (await api('POST', `/api/patients/${patient}/plans`, PLAN_REQUEST))
                  .json.id as string;
                const plan = (await api('GET', `/api/patients/${patient}/plans/${planId}`)).json
                  .plan;
                const base = `/api/patients/${patient}/delivery-sessions`;
                const consoleId = newConsoleId();
                const started = await api('POST', base, {
                  planId,
                  consoleId,
                  anaesthesia: 'topical',
                });
                expect(started.status, JSON.stringify(started.json)).toBe(201);
                session = {
                  base,
                  plan,
                  id: started.json.id,
                  consoleId,
                  sim: simulatedSession(plan, seed++),
                  acked: 0,
                };
              }
              const s = session;
              if (s.acked === s.sim.events.length) {
                // Ended (perhaps acknowledged just before a kill): check it, then a new one.
                await finished(api, s.base, s);
                sessionsFinished++;
                session = undefined;
                if (last) return;
                continue;
              }
              const size = 1 + rng.int(40);
              const batch = s.sim.events.slice(s.acked, s.acked + size);
              let ack: Json;
              if (viaSocket) {
                if (socket?.sessionId !== s.id) {
                  socket?.close();
                  socket = await openSocket(
                    server.url,
                    `${s.base}/${s.id}/socket?consoleId=${s.consoleId}`,
                    token,
                    s.id,
                  );
                }
                ack = await socket.exchange({ type: 'events', events: batch });
                expect(ack.type, JSON.stringify(ack)).toBe('ack');
              } else {
                const answer = await api('POST', `${s.base}/${s.id}/events`, {
                  consoleId: s.consoleId,
                  events: batch,
                });
                expect(answer.status, JSON.stringify(answer.json)).toBe(200);
                ack = answer.json;
              }
              // The server may hold more than the console knows (a batch committed just before
              // a kill, its answer lost): those come back repeated, and lastSeq says so.
              expect(ack.lastSeq).toBeGreaterThanOrEqual(s.acked + batch.length);
              s.acked += batch.length;
              acksThisBurst++;
            }
          };
          if (last) await stream();
          else {
            const streaming = stream().catch((error: unknown) => {
              // The connection died with the server: that batch was never acknowledged.
              if (!stop) throw error;
            });
            // The kill's random moment counts from the burst's first acknowledgement.
            const busyBy = Date.now() + 10_000;
            while (acksThisBurst === 0 && Date.now() < busyBy)
              await new Promise((resolve) => setTimeout(resolve, 2));
            await new Promise((resolve) => setTimeout(resolve, rng.int(400)));
            stop = true;
            await killed(server.child);
            await streaming;
            if (session && session.acked > 0) killsMidSession++;
          }
        } finally {
          await killed(server.child);
          socket?.close();
        }
      }
      expect(killsMidSession).toBeGreaterThanOrEqual(TRIALS / 2);
      expect(sessionsFinished).toBeGreaterThanOrEqual(1);
    }, 900_000);
  });
});

/** A finished session: its state is an uninterrupted run's, its record counts each core once. */
async function finished(
  api: (method: string, path: string) => Promise<{ status: number; json: Json }>,
  base: string,
  session: { id: string; sim: SimulatedSession },
): Promise<void> {
  const resumed = await api('GET', `${base}/${session.id}`);
  expect(resumed.json.status).toBe('ended');
  expect(resumed.json.state).toEqual(asJson(session.sim.finalState));
  const patientBase = base.replace('/delivery-sessions', '');
  const records = (await api('GET', `${patientBase}/sessions`)).json.items as {
    id: string;
    zones: { coresDelivered: number }[];
  }[];
  const record = records.find((r) => r.id === resumed.json.sessionRecordId);
  const extractedEvents = session.sim.events.filter((e) => e.type === 'extracted').length;
  expect(record?.zones.reduce((sum, z) => sum + z.coresDelivered, 0)).toBe(extractedEvents);
}

interface TrialSocket {
  readonly sessionId: string;
  /** Send a message; its answer (an ack or an error), or a rejection when the socket dies. */
  exchange(message: unknown): Promise<Json>;
  close(): void;
}

/** The session's WebSocket, once its `resume` message has come. */
function openSocket(
  url: string,
  path: string,
  token: string,
  sessionId: string,
): Promise<TrialSocket> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const waiting: { resolve(message: Json): void; reject(error: Error): void }[] = [];
  const fail = (error: Error) => {
    for (const w of waiting.splice(0)) w.reject(error);
  };
  ws.on('message', (data) => waiting.shift()?.resolve(JSON.parse(String(data))));
  ws.on('close', () => fail(new Error('the socket closed')));
  ws.on('error', fail);
  const socket: TrialSocket = {
    sessionId,
    exchange: (message) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        ws.send(JSON.stringify(message));
      }),
    close: () => ws.terminate(),
  };
  return new Promise((resolve, reject) => {
    waiting.push({ resolve: () => resolve(socket), reject });
  });
}
