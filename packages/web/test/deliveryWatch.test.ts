import {
  type DeliveryEvent,
  DeliveryGuard,
  type DeliveryState,
  planTreatment,
  simulateDelivery,
} from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { DeliveryWatch } from '../src/delivery/deliveryWatch.js';
import type {
  AckResult,
  CommittedEvent,
  ResumeMessage,
  WatchAckMessage,
} from '../src/delivery/protocol.js';
import type { ConsoleSocket, SocketHandlers } from '../src/delivery/sessionLink.js';

const plan = planTreatment({ zones: ['submental'], seed: 4 });
const run = simulateDelivery(new DeliveryGuard(plan), { seed: 9, maxTouchUpFields: 10 });

/**
 * A stand-in for the server's watch socket: the real guard commits batches and every open watcher
 * is sent each one, its events beside its results (docs/delivery.md "Watching a session").
 * Messages wait in each connection's outbox until the test delivers them.
 */
class StandInServer {
  readonly guard = new DeliveryGuard(plan);
  state: DeliveryState = this.guard.start();
  readonly sentByWatchers: string[] = [];
  connections: { handlers: SocketHandlers; open: boolean; outbox: string[] }[] = [];

  connect = (handlers: SocketHandlers): ConsoleSocket => {
    const connection = { handlers, open: true, outbox: [] as string[] };
    connection.outbox.push(JSON.stringify(this.resume()));
    this.connections.push(connection);
    return {
      send: (text) => this.sentByWatchers.push(text),
      close: () => {
        connection.open = false;
      },
    };
  };

  resume(): ResumeMessage {
    const status = this.state.status === 'active' ? 'open' : this.state.status;
    return {
      type: 'resume',
      id: 'session',
      lastSeq: this.state.lastSeq,
      status,
      sessionRecordId: null,
      state: this.state,
      placements: [],
    };
  }

  /** Commit events (the guard takes them all) and queue the batch for every open watcher. */
  commit(
    events: readonly DeliveryEvent[],
    repeatedToo: readonly DeliveryEvent[] = [],
  ): WatchAckMessage {
    const results: AckResult[] = repeatedToo.map((e) => ({
      seq: e.seq,
      repeated: true,
      decision: null,
      fired: null,
      alarms: [],
    }));
    for (const event of events) {
      const step = this.guard.apply(this.state, event);
      if (!step.ok) throw new Error(step.refusal.message);
      this.state = step.state;
      results.push({
        seq: event.seq,
        repeated: false,
        decision: step.decision
          ? {
              ...step.decision,
              fire: step.decision.fire.map((c) => ({ ...c, zone: String(c.zone) })),
              refused: step.decision.refused.map((c) => ({ ...c, zone: String(c.zone) })),
            }
          : null,
        fired: null,
        alarms: [...step.alarms],
      });
    }
    const ack = {
      type: 'ack',
      sessionId: 'session',
      lastSeq: this.state.lastSeq,
      status: this.state.status === 'active' ? 'open' : this.state.status,
      results,
      zones: this.state.zones,
      nextField: this.state.nextField,
      sessionRecordId: null,
      events: [...repeatedToo, ...events],
    } as WatchAckMessage;
    for (const c of this.connections) if (c.open) c.outbox.push(JSON.stringify(ack));
    return ack;
  }

  /** Hand every queued message to its connection, in order. */
  deliver(): void {
    for (const c of this.connections) {
      while (c.open && c.outbox.length > 0) c.handlers.onMessage(c.outbox.shift() as string);
    }
  }

  /** The server (or the network) drops every connection. */
  dropAll(): void {
    for (const c of this.connections)
      if (c.open) {
        c.open = false;
        c.handlers.onClose();
      }
  }

  get open(): number {
    return this.connections.filter((c) => c.open).length;
  }
}

/** A page's view: the state replayed from the resumes and the events handed over. */
function watcher(server: StandInServer) {
  const guard = new DeliveryGuard(plan);
  const timers: { run: () => void; delayMs: number }[] = [];
  const seen = { resumes: 0, commits: [] as CommittedEvent[][], connected: [] as boolean[] };
  let state = guard.start();
  const watch = new DeliveryWatch(
    { connect: server.connect, later: (run, delayMs) => timers.push({ run, delayMs }) },
    {
      onResume: (resume) => {
        seen.resumes++;
        state = resume.state;
      },
      onCommitted: (_ack, committed) => {
        seen.commits.push([...committed]);
        for (const { event } of committed) {
          const step = guard.apply(state, event);
          if (!step.ok) throw new Error(`the watcher applied ${event.seq} out of turn`);
          state = step.state;
        }
      },
      onConnection: (connected) => seen.connected.push(connected),
    },
  );
  return {
    watch,
    seen,
    timers,
    get state() {
      return state;
    },
    /** Run the reconnect the watcher asked for. */
    fire() {
      const next = timers.shift();
      next?.run();
      return next?.delayMs;
    },
  };
}

describe('the receive-only watch of a live session', () => {
  it('draws the resume, then each committed batch with its events, in order, to the end', () => {
    const server = new StandInServer();
    server.commit(run.events.slice(0, 5)); // before the watcher came: in its resume
    const page = watcher(server);
    page.watch.start();
    server.deliver();
    expect(page.seen.resumes).toBe(1);
    expect(page.watch.lastSeq).toBe(5);
    for (let from = 5; from < run.events.length; from += 37) {
      server.commit(run.events.slice(from, from + 37));
      server.deliver();
      expect(page.state.lastSeq).toBe(Math.min(from + 37, run.events.length));
    }
    expect(page.state).toEqual(run.state);
    // Each commit handed over exactly its events, each with its own result.
    const handed = page.seen.commits.flat();
    expect(handed.map((c) => c.event)).toEqual(run.events.slice(5));
    expect(handed.every((c) => c.result.seq === c.event.seq && !c.result.repeated)).toBe(true);
    // Ended: it stops watching and never reconnects; it never sent anything.
    expect(page.watch.isStopped).toBe(true);
    expect(server.open).toBe(0);
    server.dropAll();
    expect(page.timers).toEqual([]);
    expect(server.sentByWatchers).toEqual([]);
  });

  it('skips what it holds: repeated results, and batches its resume already brought', () => {
    const server = new StandInServer();
    const page = watcher(server);
    page.watch.start();
    // The server read the resume after committing 1–4, whose batch was queued before it left.
    server.commit(run.events.slice(0, 4));
    server.connections[0].outbox[0] = JSON.stringify(server.resume());
    server.deliver();
    expect(page.watch.lastSeq).toBe(4);
    expect(page.seen.commits).toEqual([]); // the ack of 1–4 was in the resume
    // A resent batch: 3 and 4 repeated, 5 and 6 new.
    server.commit(run.events.slice(4, 6), run.events.slice(2, 4));
    server.deliver();
    expect(page.seen.commits.at(-1)?.map((c) => c.event.seq)).toEqual([5, 6]);
    expect(page.state).toEqual(server.state);
  });

  it('reconnects on a hole or a lost connection, with backoff, and redraws from the fresh resume', () => {
    const server = new StandInServer();
    const page = watcher(server);
    page.watch.start();
    server.deliver();
    server.commit(run.events.slice(0, 10));
    server.deliver();
    // Events 11–20 committed where this connection never heard of them (another process).
    const open = server.connections.filter((c) => c.open);
    for (const c of open) c.open = false;
    server.commit(run.events.slice(10, 20));
    for (const c of open) c.open = true;
    server.commit(run.events.slice(20, 25)); // does not follow on from 10: a hole
    server.deliver();
    expect(page.watch.lastSeq).toBe(10);
    expect(server.open).toBe(0); // it closed the connection…
    expect(page.fire()).toBe(250); // …and reconnects after a backoff
    server.deliver();
    expect(page.seen.resumes).toBe(2);
    expect(page.state).toEqual(server.state);
    expect(page.watch.lastSeq).toBe(25);
    // Lost connections, again and again: the waits grow, and the first resume resets them.
    server.dropAll();
    expect(page.fire()).toBe(250);
    server.dropAll();
    expect(page.fire()).toBe(500);
    server.dropAll();
    expect(page.fire()).toBe(1000);
    server.commit(run.events.slice(25, 40));
    server.deliver();
    expect(page.state).toEqual(server.state);
    server.dropAll();
    expect(page.fire()).toBe(250);
    server.deliver();
    expect(page.seen.connected.at(-1)).toBe(true);
    // Not JSON, or an error message: reconnect likewise.
    server.connections.at(-1)?.handlers.onMessage('{"type":');
    expect(page.fire()).toBe(250);
    server.deliver();
    server.connections.at(-1)?.handlers.onMessage(
      JSON.stringify({
        type: 'error',
        problem: { status: 503, code: 'unavailable', detail: '' },
      }),
    );
    expect(page.fire()).toBe(250);
    server.deliver();
    server.commit(run.events.slice(40));
    server.deliver();
    expect(page.state).toEqual(run.state);
    expect(server.sentByWatchers).toEqual([]);
    // Stopped by the page: a late message of an old connection changes nothing.
    page.watch.stop();
    expect(page.watch.isStopped).toBe(true);
  });

  it('once stopped, ignores a late answer of its connection and does not reconnect', () => {
    const server = new StandInServer();
    const page = watcher(server);
    page.watch.start();
    const connection = server.connections[0];
    page.watch.stop();
    connection.open = true;
    server.deliver();
    connection.handlers.onClose();
    expect(page.seen.resumes).toBe(0);
    expect(page.timers).toEqual([]);
  });
});
