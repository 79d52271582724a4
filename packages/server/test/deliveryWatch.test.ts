import type { AddressInfo } from 'node:net';
import { DeliveryGuard } from '@microcore/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SessionUser } from '../src/auth/sessions.js';
import { DeliveryIngest } from '../src/delivery/ingest.js';
import { asJson, newConsoleId, simulatedSession, storedEventCount } from './deliverySessions.js';
import {
  bearer,
  type DatabaseKind,
  expectProblem,
  makeWorld,
  onEachDatabase,
  patientWithPlan,
  requester,
  type World,
} from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON message, read by the assertions
type Message = Record<string, any>;

/**
 * Watching a live session (docs/delivery.md "Watching a session"): the read-only socket sends the
 * resume, then every batch the ingest commits, from any console, with its events, after the
 * commit; it refuses another clinic and a foreign page, ignores what a watcher sends, drops a
 * closed watcher, and catches up with batches another server process committed.
 */
onEachDatabase((kind: DatabaseKind) => {
  let world: World;
  let nowMs = Date.parse('2026-12-05T10:00:00Z');
  const call = requester(() => world);
  let patient: string;
  let planId: string;
  let plan: unknown;
  let baseUrl: string;

  beforeAll(async () => {
    // A short quiet interval: the check for other processes' batches runs often in these tests.
    world = await makeWorld(kind, { deliveryWatchQuietMs: 40 }, { clock: () => new Date(nowMs) });
    ({ patient, plan: planId } = await patientWithPlan(world));
    plan = (await call('GET', `/api/patients/${patient}/plans/${planId}`)).json().plan;
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => world.close());

  const start = async () => {
    nowMs += 50 * 86_400_000; // past the minimum interval since the last session's record
    const consoleId = newConsoleId();
    const response = await call('POST', `/api/patients/${patient}/delivery-sessions`, {
      planId,
      consoleId,
      anaesthesia: 'topical',
    });
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json().id as string, consoleId };
  };
  const send = (sessionId: string, consoleId: string, events: readonly unknown[]) =>
    call('POST', `/api/patients/${patient}/delivery-sessions/${sessionId}/events`, {
      consoleId,
      events,
    });
  const storedCount = (sessionId: string) => storedEventCount(world.storage.db, sessionId);

  /**
   * What a watcher sees, replayed as a page would: a resume's state, then each ack's new events
   * through a guard — checked to follow on exactly (no hole, nothing twice).
   */
  const follow = (first: Message) => {
    const guard = new DeliveryGuard(plan);
    let state = guard.start();
    const load = (resume: Message) => {
      expect(resume.type).toBe('resume');
      state = guard.replay([], resume.state).state;
      expect(state.lastSeq).toBe(resume.lastSeq);
    };
    load(first);
    return {
      get state() {
        return state;
      },
      take(message: Message) {
        if (message.type === 'resume') return load(message);
        expect(message.type, JSON.stringify(message).slice(0, 300)).toBe('ack');
        expect(message.events).toHaveLength(message.results.length);
        message.results.forEach((result: { seq: number; repeated: boolean }, i: number) => {
          expect(message.events[i].seq).toBe(result.seq);
          if (result.repeated) return;
          expect(result.seq).toBe(state.lastSeq + 1);
          const step = guard.apply(state, message.events[i]);
          expect(step.ok).toBe(true);
          if (step.ok) state = step.state;
        });
        expect(state.lastSeq).toBe(message.lastSeq);
      },
    };
  };

  it('sees every batch driven over HTTP, in order, after its commit, with its events', async () => {
    const sim = simulatedSession(plan, 21);
    const { id, consoleId } = await start();
    const watcher = await watch(id);
    expect(watcher.first).toMatchObject({ type: 'resume', id, lastSeq: 0, placements: [] });
    const page = follow(watcher.first);
    for (let from = 0; from < sim.events.length; from += 97) {
      const batch = sim.events.slice(from, from + 97);
      const response = await send(id, consoleId, batch);
      expect(response.statusCode, response.body).toBe(200);
      const seen = await watcher.receive();
      // The console's acknowledgement, and the events it answers beside it.
      const { type, events, ...ack } = seen;
      expect(type).toBe('ack');
      expect(ack).toEqual(response.json());
      expect(events).toEqual(batch);
      expect(watcher.storedWhenReceived.at(-1)).toBeGreaterThanOrEqual(seen.lastSeq);
      page.take(seen);
    }
    expect(page.state.status).toBe('ended');
    expect(asJson(page.state)).toEqual(asJson(sim.finalState));
    // A resend of what is committed takes nothing new: no message for the watcher.
    const again = await send(id, consoleId, sim.events.slice(0, 5));
    expect(again.statusCode).toBe(200);
    await watcher.close();
    await watcher.settled();
    expect(watcher.pending()).toEqual([]);
  }, 120_000);

  it('sees the batches of a console socket, and a watcher that joins late starts from a resume', async () => {
    const sim = simulatedSession(plan, 22);
    const { id, consoleId } = await start();
    const early = await watch(id);
    const earlyPage = follow(early.first);
    const driver = await connect(`${id}/socket?consoleId=${consoleId}`);
    expect(driver.first.type).toBe('resume');
    const half = 600;
    // Pipelined, as the console does: several messages before any ack.
    for (let from = 0; from < half; from += 100)
      driver.ws.send(
        JSON.stringify({ type: 'events', events: sim.events.slice(from, from + 100) }),
      );
    const acks: Message[] = [];
    for (let from = 0; from < half; from += 100) acks.push(await driver.receive());
    for (const ack of acks) {
      const seen = await early.receive();
      const { type: _t, events, ...watched } = seen;
      const { type: _a, ...console } = ack;
      expect(watched).toEqual(console);
      expect(events).toEqual(
        sim.events.filter((e) => ack.results.some((r: { seq: number }) => r.seq === e.seq)),
      );
      expect(early.storedWhenReceived.at(-1)).toBeGreaterThanOrEqual(seen.lastSeq);
      earlyPage.take(seen);
    }
    const late = await watch(id);
    expect(late.first.lastSeq).toBe(half);
    const placed = sim.events.slice(0, half).filter((e) => e.type === 'placed');
    expect(late.first.placements).toHaveLength(placed.length);
    const latePage = follow(late.first);
    for (let from = half; from < sim.events.length; from += 500) {
      const ack = await driver.exchange({
        type: 'events',
        events: sim.events.slice(from, from + 500),
      });
      expect(ack.type, JSON.stringify(ack).slice(0, 300)).toBe('ack');
      earlyPage.take(await early.receive());
      latePage.take(await late.receive());
    }
    expect(asJson(earlyPage.state)).toEqual(asJson(sim.finalState));
    expect(asJson(latePage.state)).toEqual(asJson(sim.finalState));
    await Promise.all([driver.close(), early.close(), late.close()]);
  }, 120_000);

  it('refuses another clinic (404), a foreign page (403), a researcher (403) before the upgrade', async () => {
    const { id } = await start();
    expect(await refusal(id, world.tokens.clinicianB)).toBe(404);
    expect(await refusal(id, world.tokens.adminB)).toBe(404);
    expect(await refusal(id, world.tokens.researcherA)).toBe(403);
    expect(await refusal(id, world.tokens.clinicianA, 'https://evil.example')).toBe(403);
    expect(await refusal(id, world.tokens.clinicianA, 'not a url')).toBe(403);
    expect(await refusal('00000000-0000-4000-8000-000000000000', world.tokens.clinicianA)).toBe(
      404,
    );
    // Without an upgrade: a problem, not a 5xx.
    const plain = await call('GET', `/api/patients/${patient}/delivery-sessions/${id}/watch`);
    expectProblem(plain, 426);
    // An admin of the clinic may watch; the connection is audited as a read.
    const admin = await watch(id, world.tokens.adminA);
    expect(admin.first.type).toBe('resume');
    await admin.close();
    const audited = await world.storage.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('resource_id', '=', id)
      .where('action', '=', 'delivery.watch')
      .execute();
    expect(audited).toContainEqual({ action: 'delivery.watch', outcome: 'ok' });
  });

  it('takes nothing from a watcher: what it sends is answered with an error and changes nothing', async () => {
    const sim = simulatedSession(plan, 23);
    const { id, consoleId } = await start();
    const watcher = await watch(id);
    for (const text of [
      JSON.stringify({ type: 'events', events: sim.events.slice(0, 3) }),
      JSON.stringify({ type: 'claim', consoleId, takeover: { reason: 'mine now' } }),
      'not json',
    ]) {
      watcher.ws.send(text);
      const answer = await watcher.receive();
      expect(answer).toMatchObject({
        type: 'error',
        problem: { status: 403, code: 'delivery.watch-only' },
      });
    }
    expect(await storedCount(id)).toBe(0);
    const head = await call('GET', `/api/patients/${patient}/delivery-sessions/${id}`);
    expect(head.json()).toMatchObject({ lastSeq: 0, consoleId });
    // The console that holds it still drives it, and the watcher sees that.
    expect((await send(id, consoleId, sim.events.slice(0, 3))).statusCode).toBe(200);
    expect(await watcher.receive()).toMatchObject({ type: 'ack', lastSeq: 3 });
    await watcher.close();
  });

  it('drops a watcher that closes: nothing left subscribed', async () => {
    const sim = simulatedSession(plan, 24);
    const { id, consoleId } = await start();
    const watchers = world.app.deliveryWatchers;
    const before = watchers.size.watchers;
    const a = await watch(id);
    const b = await watch(id);
    expect(watchers.size.watchers).toBe(before + 2);
    await a.close();
    await untilDropped(before + 1);
    expect((await send(id, consoleId, sim.events.slice(0, 2))).statusCode).toBe(200);
    expect(await b.receive()).toMatchObject({ type: 'ack', lastSeq: 2 });
    b.ws.terminate(); // gone without a closing handshake
    await untilDropped(before);
    expect(watchers.size).toEqual({ sessions: 0, watchers: 0, committing: 0 });
    // Batches go on with no one to hear them.
    expect((await send(id, consoleId, sim.events.slice(2, 4))).statusCode).toBe(200);
  });

  it("catches up with another server process's batches: a fresh resume after a quiet while", async () => {
    const sim = simulatedSession(plan, 25);
    const { id, consoleId } = await start();
    const watcher = await watch(id);
    const page = follow(watcher.first);
    expect((await send(id, consoleId, sim.events.slice(0, 10))).statusCode).toBe(200);
    page.take(await watcher.receive());
    // Another process: its own ingest (and its own watchers) on the same database.
    const elsewhere = new DeliveryIngest({ db: world.appStorage.db, clock: () => new Date(nowMs) });
    const result = await elsewhere.ingest({
      user: await clinician(),
      patientId: patient,
      sessionId: id,
      consoleId,
      events: sim.events.slice(10, 40),
    });
    expect('ack' in result).toBe(true);
    const caughtUp = await watcher.receive();
    expect(caughtUp).toMatchObject({ type: 'resume', lastSeq: 40 });
    page.take(caughtUp);
    // Back on this process, the acks follow on from the resume.
    expect((await send(id, consoleId, sim.events.slice(40, 60))).statusCode).toBe(200);
    page.take(await watcher.receive());
    expect(page.state.lastSeq).toBe(60);
    // Another process again, then this one straight away: this process's batch would leave a
    // hole in the watcher's events, so it gets a resume instead.
    await elsewhere.ingest({
      user: await clinician(),
      patientId: patient,
      sessionId: id,
      consoleId,
      events: sim.events.slice(60, 70),
    });
    expect((await send(id, consoleId, sim.events.slice(70, 80))).statusCode).toBe(200);
    for (;;) {
      const next = await watcher.receive();
      page.take(next);
      if (page.state.lastSeq === 80) break;
    }
    expect(asJson(page.state)).toEqual(
      asJson(new DeliveryGuard(plan).replay(sim.events.slice(0, 80)).state),
    );
    await watcher.close();
  });

  async function clinician(): Promise<SessionUser> {
    const row = await world.storage.db
      .selectFrom('users')
      .select(['id', 'clinic_id', 'email', 'role'])
      .where('email', '=', 'clinician@a.test')
      .executeTakeFirstOrThrow();
    return {
      id: row.id,
      clinicId: row.clinic_id,
      email: row.email,
      role: row.role,
      tokenHash: '',
      expiresAt: new Date(nowMs + 3_600_000),
    } as SessionUser;
  }

  async function untilDropped(count: number) {
    // The server hears of a close after the client does: wait for it, never for a set time.
    while (world.app.deliveryWatchers.size.watchers !== count)
      await new Promise((resolve) => setImmediate(resolve));
  }

  async function refusal(sessionId: string, token: string, origin?: string): Promise<number> {
    const ws = new WebSocket(
      `ws://${baseUrl}/api/patients/${patient}/delivery-sessions/${sessionId}/watch`,
      { headers: bearer(token), ...(origin === undefined ? {} : { origin }) },
    );
    return new Promise((resolve, reject) => {
      ws.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.on('open', () => reject(new Error('the socket opened')));
      ws.on('error', () => undefined);
    });
  }

  function watch(sessionId: string, token = world.tokens.clinicianA) {
    return connect(`${sessionId}/watch`, token);
  }

  async function connect(path: string, token = world.tokens.clinicianA) {
    const sessionId = path.split('/')[0];
    const ws = new WebSocket(`ws://${baseUrl}/api/patients/${patient}/delivery-sessions/${path}`, {
      headers: bearer(token),
      origin: `http://${baseUrl}`,
    });
    const inbox: Message[] = [];
    const waiting: ((message: Message) => void)[] = [];
    /** The events stored when each message was received (acknowledged ⇒ committed). */
    const storedWhenReceived: number[] = [];
    let chain = Promise.resolve();
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      // Counted in arrival order before the message is handed on.
      chain = chain.then(async () => {
        storedWhenReceived.push(await storedCount(sessionId));
        const next = waiting.shift();
        if (next) next(message);
        else inbox.push(message);
      });
    });
    const receive = (): Promise<Message> =>
      new Promise((resolve) => {
        const queued = inbox.shift();
        if (queued !== undefined) resolve(queued);
        else waiting.push(resolve);
      });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const first = await receive();
    return {
      ws,
      first,
      receive,
      storedWhenReceived,
      pending: () => [...inbox],
      /** Every message received so far has been handed on. */
      settled: () => chain,
      exchange: (message: unknown) => {
        ws.send(JSON.stringify(message));
        return receive();
      },
      close: () =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
        }),
    };
  }
});
