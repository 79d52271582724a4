import type { AddressInfo } from 'node:net';
import { DeliveryGuard } from '@microcore/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { fhirErrors } from '../../core/test/fhirValidator.js';
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

/**
 * The delivery session's server (issue 14; docs/delivery.md "Server"): start from a saved plan,
 * ingest over HTTP and WebSocket through one function, idempotent repeats, conflicts, gaps,
 * malformed events, claims and takeovers, tenancy, and the end as the patient's session record.
 */
onEachDatabase((kind: DatabaseKind) => {
  let world: World;
  // The server's one clock, moved by the tests (a console offline "for a minute").
  let nowMs = Date.parse('2026-12-05T10:00:00Z');
  const call = requester(() => world);
  let patient: string;
  let planId: string;
  let plan: unknown;
  let baseUrl: string;

  beforeAll(async () => {
    world = await makeWorld(kind, {}, { clock: () => new Date(nowMs) });
    ({ patient, plan: planId } = await patientWithPlan(world));
    plan = (await call('GET', `/api/patients/${patient}/plans/${planId}`)).json().plan;
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => world.close());

  const start = async (consoleId = newConsoleId(), token = world.tokens.clinicianA) => {
    // Each session may end as a session record: the next one is past the minimum interval.
    nowMs += 50 * 86_400_000;
    const response = await call(
      'POST',
      `/api/patients/${patient}/delivery-sessions`,
      { planId, consoleId, anaesthesia: 'topical' },
      token,
    );
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json().id as string, consoleId, body: response.json() };
  };
  const send = (sessionId: string, consoleId: string, events: unknown[], token?: string) =>
    call(
      'POST',
      `/api/patients/${patient}/delivery-sessions/${sessionId}/events`,
      { consoleId, events },
      token,
    );
  const resume = async (sessionId: string) => {
    const response = await call('GET', `/api/patients/${patient}/delivery-sessions/${sessionId}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const storedCount = (sessionId: string) => storedEventCount(world.storage.db, sessionId);

  it('starts from a saved plan: the session, the raster of fields and the first state', async () => {
    const { body } = await start();
    expect(body.lastSeq).toBe(0);
    expect(body.status).toBe('open');
    expect(body.plannedFields.length).toBeGreaterThan(0);
    expect(body.state).toMatchObject({ kind: 'microcore.delivery', lastSeq: 0, status: 'active' });
    const other = await call('POST', `/api/patients/${patient}/delivery-sessions`, {
      planId: '00000000-0000-4000-8000-000000000000',
      consoleId: 'c',
      anaesthesia: 'none',
    });
    expect(expectProblem(other, 422).errors?.[0].field).toBe('planId');
    const bad = await call('POST', `/api/patients/${patient}/delivery-sessions`, {
      planId,
      consoleId: '',
      anaesthesia: 'none',
    });
    expect(expectProblem(bad, 422).errors?.[0].field).toBe('consoleId');
  });

  it('runs a whole simulated session over HTTP; its end is the session record, in FHIR', async () => {
    const sim = simulatedSession(plan, 11);
    const { id, consoleId } = await start();
    for (let from = 0; from < sim.events.length; from += 97) {
      const response = await send(id, consoleId, sim.events.slice(from, from + 97));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().lastSeq).toBe(Math.min(from + 97, sim.events.length));
    }
    const resumed = await resume(id);
    expect(resumed.status).toBe('ended');
    expect(resumed.state).toEqual(asJson(sim.finalState));
    expect(await storedCount(id)).toBe(sim.events.length);
    // Beside the state, every placement committed, in order (the state keeps no poses).
    const placed = sim.events.flatMap((e) => (e.type === 'placed' ? [e] : []));
    expect(resumed.placements).toEqual(placed.map(({ seq, pose }) => ({ seq, pose })));
    expect(resumed.placements).toHaveLength(sim.finalState.fields);
    const recordId = resumed.sessionRecordId as string;
    const record = (await call('GET', `/api/patients/${patient}/sessions`))
      .json()
      .items.find((s: { id: string }) => s.id === recordId);
    const extracted = sim.finalState.zones.map((z) => ({
      zoneId: z.id,
      coresDelivered: z.extracted,
    }));
    expect(record).toMatchObject({ planId, anaesthesia: 'topical', version: 1, zones: extracted });
    expect(record.delivery).toMatchObject({
      deliverySessionId: id,
      fields: sim.finalState.fields,
      alarms: sim.finalState.alarms.length,
    });
    expect(record.delivery.zones[0].achievedCoverageFraction).toBeCloseTo(
      sim.finalState.zones[0].coverageFraction,
      12,
    );
    const history = await call('GET', `/api/patients/${patient}/sessions/${recordId}/history`);
    expect(history.json().items.map((v: { change: string }) => v.change)).toEqual(['created']);
    const audit = await world.storage.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', recordId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('session.create');
    // The Procedure carries the delivery: coverage per zone, the duration, valid FHIR.
    const bundle = (await call('GET', `/api/patients/${patient}/fhir`)).json();
    expect(fhirErrors(bundle)).toEqual([]);
    const procedure = bundle.entry
      .map(
        (e: { resource: { resourceType: string; identifier?: { value: string }[] } }) => e.resource,
      )
      .find(
        (r: { resourceType: string; identifier?: { value: string }[] }) =>
          r.resourceType === 'Procedure' && r.identifier?.some((i) => i.value === recordId),
      );
    expect(JSON.stringify(procedure)).toContain('achieved-coverage');
    expect(JSON.stringify(procedure)).toContain('delivery-duration');
    // A second session the same day breaks the minimum interval: refused at its start, not its end.
    const sameDay = await call('POST', `/api/patients/${patient}/delivery-sessions`, {
      planId,
      consoleId: newConsoleId(),
      anaesthesia: 'topical',
    });
    expect(expectProblem(sameDay, 422).errors?.[0].field).toBe('date');
    // Events after the end are refused; a repeat of the end is acknowledged again.
    const after = await send(id, consoleId, [{ seq: sim.events.length + 1, type: 'pause' }]);
    expect(expectProblem(after, 409).code).toBe('delivery.session.ended');
    const again = await send(id, consoleId, [sim.events[sim.events.length - 1]]);
    expect(again.json().results[0].repeated).toBe(true);
  }, 120_000);

  it('acknowledges repeats again and changes nothing; takes a batch in seq order', async () => {
    const sim = simulatedSession(plan, 12);
    const { id, consoleId } = await start();
    const first = await send(id, consoleId, sim.events.slice(0, 10));
    expect(first.statusCode, first.body).toBe(200);
    const placement = first.json().results.find((r: { decision: unknown }) => r.decision);
    const again = await send(id, consoleId, sim.events.slice(0, 10));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().lastSeq).toBe(10);
    expect(again.json().results.every((r: { repeated: boolean }) => r.repeated)).toBe(true);
    // A repeated placement answers the cores it fired, as the first answer did.
    const repeatedPlacement = again
      .json()
      .results.find((r: { seq: number }) => r.seq === placement.seq);
    expect(repeatedPlacement.fired).toEqual(placement.decision.fire);
    expect(await storedCount(id)).toBe(10);
    // Reordered within a batch, duplicated, and late (already committed) together.
    const mixed = [sim.events[12], sim.events[10], sim.events[11], sim.events[11], sim.events[3]];
    const response = await send(id, consoleId, mixed);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().lastSeq).toBe(13);
    expect(
      response.json().results.map((r: { seq: number; repeated: boolean }) => [r.seq, r.repeated]),
    ).toEqual([
      [4, true],
      [11, false],
      [12, false],
      [13, false],
    ]);
    // The rest, and the state is what an uninterrupted run gives.
    for (let from = 13; from < sim.events.length; from += 500) {
      const rest = await send(id, consoleId, sim.events.slice(from, from + 500));
      expect(rest.statusCode, rest.body).toBe(200);
    }
    expect((await resume(id)).state).toEqual(asJson(sim.finalState));
  }, 60_000);

  it('refuses other content under a taken seq, answers a gap with resend-from, never half-writes', async () => {
    const sim = simulatedSession(plan, 13);
    const { id, consoleId } = await start();
    expect((await send(id, consoleId, sim.events.slice(0, 7))).statusCode).toBe(200);
    const changed = { ...sim.events[2], atS: 999 };
    const conflict = expectProblem(await send(id, consoleId, [changed]), 409);
    expect(conflict.code).toBe('delivery.event-conflict');
    expect(conflict.errors?.[0].field).toBe('events[0]');
    const gap = await send(id, consoleId, [sim.events[8], sim.events[9]]);
    const problem = expectProblem(gap, 409) as { code: string; resendFrom?: number };
    expect(problem.code).toBe('delivery.resend-from');
    expect(problem.resendFrom).toBe(8);
    // 8 is next, but 10 leaves a gap: the whole batch is refused, 8 included.
    expectProblem(await send(id, consoleId, [sim.events[7], sim.events[9]]), 409);
    // Valid 8, malformed 9: 422 naming the field, nothing written.
    const malformed = await send(id, consoleId, [
      sim.events[7],
      { seq: 9, type: 'placed', pose: { xMm: 'left', yMm: 0, rotationRad: 0 } },
    ]);
    expect(expectProblem(malformed, 422).errors?.[0].field).toBe('events[1].pose.xMm');
    for (const [events, field] of [
      [[{ seq: 'eight', type: 'pause' }], 'events[0].seq'],
      [[42], 'events[0]'],
      [[{ seq: 8, type: 'teleported' }], 'events[0].type'],
      [[{ seq: 8, type: 'extracted', coreId: -1 }], 'events[0].coreId'],
    ] as const) {
      const response = await send(id, consoleId, [...events]);
      expect(expectProblem(response, 422).errors?.[0].field).toBe(field);
    }
    const noEvents = await call('POST', `/api/patients/${patient}/delivery-sessions/${id}/events`, {
      consoleId,
      events: [],
    });
    expect(expectProblem(noEvents, 422).errors?.[0].field).toBe('events');
    expect((await resume(id)).lastSeq).toBe(7);
    expect(await storedCount(id)).toBe(7);
    // The app role cannot rewrite or delete an event.
    await expect(
      sql`update delivery_events set seq = seq + 100 where session_id = ${id}`.execute(
        world.appStorage.db,
      ),
    ).rejects.toThrow();
    await expect(
      sql`delete from delivery_events where session_id = ${id}`.execute(world.appStorage.db),
    ).rejects.toThrow();
  }, 60_000);

  it('refuses a second console while the first holds the session; its user takes it over with a reason', async () => {
    const sim = simulatedSession(plan, 14);
    const { id, consoleId } = await start();
    const intruder = newConsoleId();
    expect(expectProblem(await send(id, intruder, sim.events.slice(0, 1)), 409).code).toBe(
      'delivery.claimed',
    );
    const claimUrl = `/api/patients/${patient}/delivery-sessions/${id}/claim`;
    expect(expectProblem(await call('POST', claimUrl, { consoleId: intruder }), 409).code).toBe(
      'delivery.claimed',
    );
    // Another user of the clinic may not take it over, even with a reason.
    const byAdmin = await call(
      'POST',
      claimUrl,
      { consoleId: intruder, takeover: { reason: 'tablet crashed' } },
      world.tokens.adminA,
    );
    expect(expectProblem(byAdmin, 409).code).toBe('delivery.claimed');
    // The WebSocket of a console that does not hold it is refused before the upgrade.
    expect(await socketRefusal(id, intruder)).toBe(409);
    expect((await call('POST', claimUrl, { consoleId })).statusCode).toBe(200);
    const takeover = await call('POST', claimUrl, {
      consoleId: intruder,
      takeover: { reason: 'the first tablet crashed' },
    });
    expect(takeover.statusCode, takeover.body).toBe(200);
    expect(takeover.json().consoleId).toBe(intruder);
    expect(expectProblem(await send(id, consoleId, sim.events.slice(0, 1)), 409).code).toBe(
      'delivery.claimed',
    );
    expect((await send(id, intruder, sim.events.slice(0, 1))).statusCode).toBe(200);
    const claims = await world.storage.db
      .selectFrom('delivery_claims')
      .select(['console_id', 'reason'])
      .where('session_id', '=', id)
      .orderBy('claimed_at')
      .execute();
    expect(claims).toEqual([
      { console_id: consoleId, reason: null },
      { console_id: intruder, reason: 'the first tablet crashed' },
    ]);
    const audited = await world.storage.db
      .selectFrom('audit_log')
      .select('action')
      .where('resource_id', '=', id)
      .where('action', '=', 'delivery.takeover')
      .execute();
    expect(audited).toHaveLength(1);
  });

  it('keeps another clinic out: 404 for reading, sending, claiming and the socket', async () => {
    const { id, consoleId } = await start();
    const b = world.tokens.clinicianB;
    const base = `/api/patients/${patient}/delivery-sessions/${id}`;
    expectProblem(await call('GET', base, undefined, b), 404);
    expectProblem(await send(id, consoleId, [{ seq: 1, type: 'pause' }], b), 404);
    expectProblem(
      await call('POST', `${base}/claim`, { consoleId, takeover: { reason: 'x' } }, b),
      404,
    );
    expect(await socketRefusal(id, consoleId, b)).toBe(404);
    // A page of another origin cannot open the socket with the clinician's credentials.
    expect(await socketRefusal(id, consoleId, undefined, 'https://evil.example')).toBe(403);
    expect(await socketRefusal(id, consoleId, undefined, 'not a url')).toBe(403);
    expect(
      expectProblem(await call('GET', base, undefined, world.tokens.researcherA), 403),
    ).toBeTruthy();
    expect((await resume(id)).lastSeq).toBe(0);
  });

  it('over the WebSocket: acks after commit, errors as problems, and resumes after a minute offline', async () => {
    const sim = simulatedSession(plan, 15);
    const { id, consoleId } = await start();
    const socket = await connect(id, consoleId);
    expect(socket.first).toMatchObject({ type: 'resume', lastSeq: 0 });
    const half = Math.floor(sim.events.length / 2);
    for (let from = 0; from < half; from += 50) {
      const ack = await socket.exchange({
        type: 'events',
        events: sim.events.slice(from, Math.min(from + 50, half)),
      });
      expect(ack.type, JSON.stringify(ack)).toBe('ack');
      expect(ack.lastSeq).toBe(Math.min(from + 50, half));
      // Acknowledged means committed: the owner's connection sees every event.
      expect(await storedCount(id)).toBe(ack.lastSeq);
    }
    const notJson = await socket.exchangeRaw('{"type":');
    expect(notJson).toMatchObject({ type: 'error', problem: { status: 400 } });
    const bad = await socket.exchange({ type: 'events', events: [{ seq: 'x' }] });
    expect(bad).toMatchObject({
      type: 'error',
      problem: { status: 422, errors: [{ field: 'events[0].seq' }] },
    });
    // Sent, then the connection dropped before its ack was read: the console does not know.
    socket.ws.send(JSON.stringify({ type: 'events', events: sim.events.slice(half, half + 5) }));
    await socket.close();
    nowMs += 61_000; // a minute offline: no claim lapses, nothing else changes
    const again = await connect(id, consoleId);
    expect(again.first.type).toBe('resume');
    const committed = again.first.lastSeq as number;
    expect([half, half + 5]).toContain(committed);
    expect(again.first.state).toEqual(asJson(simulatedPrefixState(sim, committed)));
    // It resends from its last acknowledgement: repeats are acknowledged again.
    const resent = await again.exchange({
      type: 'events',
      events: sim.events.slice(half, half + 500),
    });
    expect(resent.type, JSON.stringify(resent)).toBe('ack');
    expect(resent.results.filter((r: { repeated: boolean }) => r.repeated)).toHaveLength(
      committed - half,
    );
    let last = resent;
    for (let from = half + 500; from < sim.events.length; from += 500) {
      last = await again.exchange({ type: 'events', events: sim.events.slice(from, from + 500) });
      expect(last.type, JSON.stringify(last)).toBe('ack');
    }
    expect(last.status).toBe('ended');
    await again.close();
    expect((await resume(id)).state).toEqual(asJson(sim.finalState));
  }, 60_000);

  /** The state after the first `n` events, run without a server. */
  function simulatedPrefixState(sim: ReturnType<typeof simulatedSession>, n: number) {
    const guard = new DeliveryGuard(plan);
    return guard.replay(sim.events.slice(0, n)).state;
  }

  async function socketRefusal(
    sessionId: string,
    consoleId: string,
    token = world.tokens.clinicianA,
    origin?: string,
  ): Promise<number> {
    const ws = new WebSocket(
      `ws://${baseUrl}/api/patients/${patient}/delivery-sessions/${sessionId}/socket?consoleId=${consoleId}`,
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

  async function connect(sessionId: string, consoleId: string) {
    const ws = new WebSocket(
      `ws://${baseUrl}/api/patients/${patient}/delivery-sessions/${sessionId}/socket?consoleId=${consoleId}`,
      // As the web app's page would: its own origin.
      { headers: bearer(world.tokens.clinicianA), origin: `http://${baseUrl}` },
    );
    const inbox: unknown[] = [];
    const waiting: ((message: unknown) => void)[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      const next = waiting.shift();
      if (next) next(message);
      else inbox.push(message);
    });
    // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON message, read by the assertions
    const receive = (): Promise<Record<string, any>> =>
      new Promise((resolve) => {
        const queued = inbox.shift();
        if (queued !== undefined) resolve(queued as never);
        else waiting.push(resolve as never);
      });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const first = await receive();
    return {
      ws,
      first,
      exchange: (message: unknown) => {
        ws.send(JSON.stringify(message));
        return receive();
      },
      exchangeRaw: (text: string) => {
        ws.send(text);
        return receive();
      },
      close: () =>
        new Promise<void>((resolve) => {
          ws.once('close', () => resolve());
          ws.close();
        }),
    };
  }
});
