import {
  type DeliveryEvent,
  DeliveryGuard,
  type DeliveryState,
  deliveredCores,
  planTreatment,
  simulateDelivery,
} from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { DeliveryConsole } from '../src/delivery/deliveryConsole.js';
import { DemoHandpiece } from '../src/delivery/demoHandpiece.js';
import type {
  AckMessage,
  CommittedEvent,
  Problem,
  ResumeMessage,
} from '../src/delivery/protocol.js';
import type { ConsoleSocket, SocketHandlers } from '../src/delivery/sessionLink.js';

const plan = planTreatment({ zones: ['submental'], seed: 4 });

/**
 * A stand-in for the server's session socket: the real guard, every committed event kept, a batch
 * taken whole or refused, a seq already committed acknowledged again `repeated` (docs/delivery.md
 * "The protocol"). `dropAfterCommit` loses the connection after the nth batch is committed and
 * before its acknowledgement leaves.
 */
class StandInServer {
  readonly guard = new DeliveryGuard(plan);
  state: DeliveryState = this.guard.start();
  readonly stored: string[] = [];
  holder = 'console-a';
  batches = 0;
  dropAfterCommit = new Set<number>();
  connections = 0;
  /** Messages received and not answered yet: the test decides when the server answers. */
  private inbox: { text: string; handlers: SocketHandlers; live: { open: boolean } }[] = [];

  connect(handlers: SocketHandlers): ConsoleSocket {
    this.connections++;
    const live = { open: true };
    const resume: ResumeMessage = {
      type: 'resume',
      id: 'session',
      lastSeq: this.state.lastSeq,
      status:
        this.state.status === 'ended'
          ? 'ended'
          : this.state.status === 'paused'
            ? 'paused'
            : 'open',
      sessionRecordId: null,
      state: this.state,
      placements: this.stored.flatMap((text) => {
        const event = JSON.parse(text) as DeliveryEvent;
        return event.type === 'placed' ? [{ seq: event.seq, pose: event.pose }] : [];
      }),
    };
    queueMicrotask(() => {
      handlers.onOpen();
      if (live.open) handlers.onMessage(JSON.stringify(resume));
    });
    return {
      send: (text) => {
        if (live.open) this.inbox.push({ text, handlers, live });
      },
      close: () => {
        live.open = false;
      },
    };
  }

  /** Answer every message received so far, in order. */
  answer(): void {
    const inbox = this.inbox;
    this.inbox = [];
    for (const { text, handlers, live } of inbox) {
      if (!live.open) continue;
      const reply = this.take(JSON.parse(text).events as DeliveryEvent[]);
      this.batches++;
      if (this.dropAfterCommit.has(this.batches)) {
        live.open = false;
        handlers.onClose();
        continue;
      }
      handlers.onMessage(JSON.stringify(reply));
    }
  }

  private take(events: DeliveryEvent[]): AckMessage | { type: 'error'; problem: Problem } {
    let state = this.state;
    const results: AckMessage['results'][number][] = [];
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (event.seq <= state.lastSeq) {
        if (JSON.stringify(event) !== this.stored[event.seq - 1])
          return {
            type: 'error',
            problem: {
              status: 409,
              code: 'delivery.event-conflict',
              detail: `event ${event.seq} was taken with other content`,
            },
          };
        results.push({ seq: event.seq, repeated: true, decision: null, fired: null, alarms: [] });
        continue;
      }
      const step = this.guard.apply(state, event);
      if (!step.ok)
        return {
          type: 'error',
          problem: {
            status: 409,
            code: `delivery.${step.refusal.code}`,
            detail: step.refusal.message,
          },
        };
      state = step.state;
      this.stored.push(JSON.stringify(event));
      results.push({
        seq: event.seq,
        repeated: false,
        decision: step.decision,
        fired: null,
        alarms: step.alarms,
      });
    }
    this.state = state;
    return {
      type: 'ack',
      sessionId: 'session',
      lastSeq: state.lastSeq,
      status: state.status === 'ended' ? 'ended' : state.status === 'paused' ? 'paused' : 'open',
      results,
      zones: state.zones,
      nextField: state.nextField,
      sessionRecordId: state.status === 'ended' ? '00000000-0000-4000-8000-000000000001' : null,
    };
  }
}

/** A console wired to the stand-in, with timers run by hand. */
function wire(
  server: StandInServer,
  consoleId = 'console-a',
  /** The claim's answer, when the test decides it (else the stand-in's holder decides). */
  claimAnswer?: () => Problem | null,
  /** Told of each resume, as the worker is (it restarts its handpiece when the console does). */
  onResume?: (resume: ResumeMessage, restarted: boolean) => void,
) {
  const timers: (() => void)[] = [];
  const seen = {
    resumes: [] as ResumeMessage[],
    committed: [] as CommittedEvent[],
    acks: 0,
    stopped: [] as Problem[],
  };
  const console_ = new DeliveryConsole(
    {
      claim: async () =>
        claimAnswer !== undefined
          ? claimAnswer()
          : server.holder === consoleId
            ? null
            : {
                status: 409,
                code: 'delivery.claimed',
                detail: 'another console holds this session',
              },
      connect: (handlers) => server.connect(handlers),
      later: (run) => timers.push(run),
    },
    {
      onResume: (resume, restarted) => {
        seen.resumes.push(resume);
        onResume?.(resume, restarted);
      },
      onCommitted: (_ack, committed) => {
        seen.acks++;
        seen.committed.push(...committed);
      },
      onStopped: (problem) => seen.stopped.push(problem),
      onConnection: () => undefined,
    },
    server.state.lastSeq,
  );
  return { console: console_, seen, timers };
}

/** Let the claim's promise and the stand-in's microtasks run. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('the delivery console against a stand-in server', () => {
  const reference = simulateDelivery(new DeliveryGuard(plan), { seed: 3 });

  it('sends pipelined batches and sees them acknowledged in order, each event once', async () => {
    const server = new StandInServer();
    const { console: c, seen } = wire(server);
    c.start();
    await settle();
    expect(seen.resumes).toHaveLength(1);
    // Three flushes before any answer: the console does not wait for each acknowledgement.
    const thirds = [0, 1, 2].map((k) =>
      reference.events.slice(
        (k * reference.events.length) / 3,
        ((k + 1) * reference.events.length) / 3,
      ),
    );
    for (const part of thirds) {
      for (const e of part) c.push(e);
      c.flush();
    }
    expect(server.state.lastSeq).toBe(0);
    // The pipeline holds at most 2,000 events in flight: the rest go as acknowledgements come.
    expect(reference.events.length).toBeGreaterThan(2000);
    for (let round = 0; c.backlog > 0 && round < 20; round++) server.answer();
    expect(seen.committed.map((x) => x.event.seq)).toEqual(reference.events.map((e) => e.seq));
    expect(c.backlog).toBe(0);
    expect(c.acknowledgedSeq).toBe(reference.events.length);
    expect(server.state).toEqual(reference.state);
  });

  it('a connection lost after a commit and before its ack: reconnect, resume, resend — every core once', async () => {
    const server = new StandInServer();
    server.dropAfterCommit = new Set([2, 5]);
    const { console: c, seen, timers } = wire(server);
    c.start();
    await settle();
    let sent = 0;
    while (sent < reference.events.length || c.backlog > 0) {
      for (const e of reference.events.slice(sent, sent + 300)) c.push(e);
      sent = Math.min(sent + 300, reference.events.length);
      c.flush();
      server.answer();
      // A lost connection waits for its backoff timer: run it.
      while (timers.length > 0) {
        timers.shift()?.();
        await settle();
      }
    }
    expect(server.connections).toBe(3);
    expect(seen.resumes.map((r) => r.lastSeq)).toEqual([0, expect.any(Number), expect.any(Number)]);
    // The server's final state is an uninterrupted run's: every core exactly once.
    expect(server.state).toEqual(reference.state);
    const ids = deliveredCores(server.state).map((core) => core.id);
    expect(new Set(ids).size).toBe(ids.length);
    // What the listener was told as new covers every event exactly once, or was in a resume.
    const told = seen.committed.map((x) => x.event.seq);
    expect(new Set(told).size).toBe(told.length);
    const resumedUpTo = Math.max(...seen.resumes.map((r) => r.lastSeq));
    for (const e of reference.events)
      expect(told.includes(e.seq) || e.seq <= resumedUpTo).toBe(true);
  });

  it('stops on a 409 delivery.claimed, at the claim and on a refused batch after a takeover', async () => {
    const server = new StandInServer();
    server.holder = 'console-b';
    const refused = wire(server);
    refused.console.start();
    await settle();
    expect(refused.seen.stopped.map((p) => p.code)).toEqual(['delivery.claimed']);
    expect(refused.console.isStopped).toBe(true);
    expect(server.connections).toBe(0);

    // Connected, then another console takes over: the server refuses the next batch.
    server.holder = 'console-a';
    const taken = wire(server);
    taken.console.start();
    await settle();
    taken.console.push(reference.events[0]);
    taken.console.flush();
    server.answer();
    expect(taken.seen.committed).toHaveLength(1);
    server.answer = () => {
      for (const h of handlersOf(server))
        h.onMessage(
          JSON.stringify({
            type: 'error',
            problem: { status: 409, code: 'delivery.claimed', detail: 'taken over' },
          }),
        );
    };
    taken.console.push(reference.events[1]);
    taken.console.flush();
    server.answer();
    expect(taken.seen.stopped.map((p) => p.code)).toEqual(['delivery.claimed']);
    taken.console.push(reference.events[2]);
    taken.console.flush();
    expect(taken.console.isStopped).toBe(true);
  });

  it('a claim answered 503 (the database restarting) is tried again later, not a stop', async () => {
    const server = new StandInServer();
    let down = true;
    const {
      console: c,
      seen,
      timers,
    } = wire(server, 'console-a', () =>
      down
        ? {
            status: 503,
            code: 'unavailable',
            detail: 'The database is unavailable; try again shortly',
          }
        : null,
    );
    c.start();
    await settle();
    expect(seen.stopped).toEqual([]);
    expect(c.isStopped).toBe(false);
    expect(timers).toHaveLength(1);
    down = false;
    timers.shift()?.();
    await settle();
    expect(seen.resumes).toHaveLength(1);
    c.push(reference.events[0]);
    c.flush();
    server.answer();
    expect(c.acknowledgedSeq).toBe(1);
  });

  it('the connection lost as the end commits: the reconnect reads the ended session, no stop', async () => {
    const server = new StandInServer();
    // The batch holding the end is committed, and its acknowledgement lost.
    server.dropAfterCommit = new Set([Math.ceil(reference.events.length / 250)]);
    // The server refuses a claim on an ended session (routes/delivery.ts).
    const {
      console: c,
      seen,
      timers,
    } = wire(server, 'console-a', () =>
      server.state.status === 'ended'
        ? { status: 409, code: 'delivery.ended', detail: 'the session has ended' }
        : null,
    );
    c.start();
    await settle();
    for (const e of reference.events) c.push(e);
    c.flush();
    for (let round = 0; timers.length === 0 && round < 20; round++) server.answer();
    expect(server.state.status).toBe('ended');
    expect(c.acknowledgedSeq).toBeLessThan(reference.events.length);
    while (timers.length > 0) {
      timers.shift()?.();
      await settle();
      server.answer();
    }
    expect(seen.stopped).toEqual([]);
    const last = seen.resumes[seen.resumes.length - 1];
    expect(last.status).toBe('ended');
    expect(last.lastSeq).toBe(reference.events.length);
    expect(last.state).toEqual(reference.state);
  });

  it('a first resume further on than the page read: the events made meanwhile are dropped, the handpiece restarts from the server', async () => {
    // The page read the session at seq 0; meanwhile 40 more events were committed (the last
    // batches of the tab before a reload, or of the console taken over).
    const server = new StandInServer();
    const guard = new DeliveryGuard(plan);
    let handpiece: DemoHandpiece | undefined;
    const { console: c, seen } = wire(server, 'console-a', undefined, (resume, restarted) => {
      if (restarted) handpiece?.reset(resume.state, 0);
    });
    handpiece = new DemoHandpiece(guard, guard.start(), 3, (e) => c.push(e));
    const other = simulateDelivery(new DeliveryGuard(plan), { seed: 5 }).events.slice(0, 40);
    for (const e of other) {
      const step = server.guard.apply(server.state, e);
      if (!step.ok) throw new Error(step.refusal.message);
      server.state = step.state;
      server.stored.push(JSON.stringify(e));
    }
    handpiece.setSpeed('full', 0);
    c.start();
    // The worker's loop makes events at once, before the claim and the resume come back.
    handpiece.run(0, 100);
    expect(c.backlog).toBe(100);
    await settle();
    for (let round = 0; !handpiece.ended && round < 100; round++) {
      handpiece.run(0, 500);
      c.flush();
      server.answer();
    }
    c.flush();
    server.answer();
    expect(seen.stopped).toEqual([]);
    expect(server.stored.slice(0, 40)).toEqual(other.map((e) => JSON.stringify(e)));
    expect(server.state.status).toBe('ended');
    expect(server.state).toEqual(handpiece.localState);
  });

  it('the demo handpiece with a user pause in the middle makes a session the guard takes whole', async () => {
    const server = new StandInServer();
    const { console: c } = wire(server);
    c.start();
    await settle();
    const guard = new DeliveryGuard(plan);
    const handpiece = new DemoHandpiece(guard, guard.start(), 3, (e) => c.push(e));
    handpiece.setSpeed('full', 0);
    handpiece.run(0, 200);
    handpiece.pause(1000);
    expect(handpiece.run(2000, 100)).toBe(0);
    handpiece.resume(61_000);
    while (!handpiece.ended) {
      handpiece.run(62_000, 500);
      c.flush();
      server.answer();
    }
    c.flush();
    server.answer();
    expect(server.state.status).toBe('ended');
    expect(server.state.pausedS).toBeGreaterThanOrEqual(reference.state.pausedS + 60 - 1e-6);
    expect(server.state.lastSeq).toBe(handpiece.localState.lastSeq);
    expect(server.state).toEqual(handpiece.localState);
  });
});

/** The stand-in's open connections' handlers (for a server that answers with an error). */
function handlersOf(server: StandInServer): SocketHandlers[] {
  return (server as unknown as { inbox: { handlers: SocketHandlers }[] }).inbox.map(
    (m) => m.handlers,
  );
}

describe('the demo handpiece', () => {
  it("the user's Resume ends the practitioner's own pause at once (the screen shows Paused and offers Resume)", () => {
    const guard = new DeliveryGuard(plan);
    const made: DeliveryEvent[] = [];
    const handpiece = new DemoHandpiece(guard, guard.start(), 3, (e) => made.push(e));
    handpiece.setSpeed('full', 0);
    for (let i = 0; handpiece.localState.status !== 'paused' && i < 5000; i++) handpiece.run(0, 1);
    expect(handpiece.localState.status).toBe('paused');
    expect(handpiece.pausedByUser).toBe(false);
    // ×1: the practitioner's own resume is due 2–5 minutes on.
    handpiece.setSpeed(1, 0);
    expect(handpiece.run(10_000, 100)).toBe(0);
    handpiece.resume(10_000);
    expect(handpiece.localState.status).toBe('active');
    expect(made[made.length - 1].type).toBe('resume');
    // And it goes on from there, every event taken by the guard.
    handpiece.setSpeed('full', 10_000);
    while (!handpiece.ended) handpiece.run(10_000, 500);
    expect(guard.replay(made).refusal).toBeUndefined();
  });
});
