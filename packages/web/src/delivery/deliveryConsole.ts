import type { DeliveryEvent } from '@microcore/core';
import type { AckMessage, CommittedEvent, Problem, ResumeMessage, ServerMessage } from './protocol';
import { type LinkEnvironment, SessionLink } from './sessionLink';

export interface ConsoleEnvironment extends LinkEnvironment {
  /**
   * Claim the session for this console over HTTP before each connection: the browser hides why
   * a WebSocket handshake failed, so a 409 `delivery.claimed` is only seen this way. Resolves
   * null when the claim holds, the problem when the server refused it; rejects when the server
   * could not be reached (then the console tries again later).
   */
  claim(): Promise<Problem | null>;
}

export interface ConsoleListener {
  /**
   * A connection opened and the server said where the session stands. `restarted`: the server
   * holds events this console never sent (another console's, or a reloaded page's before it):
   * everything the console held is dropped, and the handpiece must go on from `resume.state`.
   */
  onResume(resume: ResumeMessage, restarted: boolean): void;
  /** The server committed these events (new ones only: a repeated ack is in the resume's state). */
  onCommitted(ack: AckMessage, committed: readonly CommittedEvent[]): void;
  /** The console stopped for good: another console holds the session, or the server refused an event. */
  onStopped(problem: Problem): void;
  /** Connected or not, and how many events wait for an acknowledgement. */
  onConnection(connected: boolean): void;
}

/** Events in flight (sent, not yet acknowledged) at most: the pipeline's depth. */
const MAX_IN_FLIGHT = 2000;
/** Events in one message at most (the server takes 1–1000). */
const MAX_BATCH = 250;

/**
 * The console's side of the session protocol (docs/delivery.md "The protocol"), with no browser
 * in it: it keeps every event until the server acknowledges it, sends without waiting for each
 * acknowledgement (pipelined, up to MAX_IN_FLIGHT), and on a lost connection claims again,
 * reconnects with backoff and resends everything after its last acknowledgement — the server
 * answers what it had already committed `repeated`, so nothing is lost or counted twice. A 409
 * `delivery.claimed` (another console took the session over) stops it.
 */
export class DeliveryConsole extends SessionLink {
  /** Events not yet acknowledged, in seq order. */
  private unacked: DeliveryEvent[] = [];
  /** The last seq the server acknowledged (all before it are committed). */
  private ackedSeq: number;
  /** The last seq sent on the current connection. */
  private sentSeq: number;
  /** The highest seq this console ever sent, on any connection. */
  private sentMax: number;
  /** A claim was refused because the session has ended: one connection reads how it ended. */
  private endedAtClaim = false;

  constructor(
    private readonly environment: ConsoleEnvironment,
    private readonly listener: ConsoleListener,
    /** The session's last committed seq when this console starts (0 for a new session). */
    startSeq: number,
  ) {
    super(environment, (connected) => listener.onConnection(connected));
    this.ackedSeq = startSeq;
    this.sentSeq = startSeq;
    this.sentMax = startSeq;
  }

  /** The last seq the server acknowledged. */
  get acknowledgedSeq(): number {
    return this.ackedSeq;
  }

  /** Events kept for the server: sent and in flight, or waiting to be sent. */
  get backlog(): number {
    return this.unacked.length;
  }

  /** Keep `event` for the server (sent at the next flush). Seqs must follow on. */
  push(event: DeliveryEvent): void {
    if (this.stopped) return;
    this.unacked.push(event);
  }

  /** Send what waits, as far as the pipeline allows. */
  flush(): void {
    if (!this.connected || this.socket === undefined) return;
    for (;;) {
      const inFlight = this.sentSeq - this.ackedSeq;
      const first = this.unacked.findIndex((e) => e.seq > this.sentSeq);
      if (first < 0 || inFlight >= MAX_IN_FLIGHT) return;
      const batch = this.unacked.slice(
        first,
        first + Math.min(MAX_BATCH, MAX_IN_FLIGHT - inFlight),
      );
      this.socket.send(JSON.stringify({ type: 'events', events: batch }));
      this.sentSeq = batch[batch.length - 1].seq;
      this.sentMax = Math.max(this.sentMax, this.sentSeq);
    }
  }

  protected open(): void {
    if (this.stopped) return;
    const current = this.nextConnection();
    this.environment.claim().then(
      (problem) => {
        if (!current()) return;
        // A failure on the server's side (503 while the database restarts, a proxy's 502 while
        // the server does) is no refusal: try again later, as for a lost connection.
        if (problem !== null && problem.status >= 500) {
          this.lost();
          return;
        }
        // The session has ended — most likely by this console's own end, whose acknowledgement
        // was lost with the connection. The server still opens the socket to the console that
        // holds the session: connect once more to read how it ended (its resume).
        const readEnd = problem?.code === 'delivery.ended' && !this.endedAtClaim;
        if (readEnd) this.endedAtClaim = true;
        if (problem !== null && !readEnd) {
          this.halt(problem);
          return;
        }
        this.connect(current);
      },
      () => {
        if (current()) this.lost();
      },
    );
  }

  protected receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      this.lost();
      return;
    }
    if (message.type === 'resume') {
      // Everything after our last acknowledgement goes again; what the server committed of it
      // comes back `repeated`. A session further on than anything we ever sent (another
      // console went on with it, or the page before a reload did after the state this console
      // started from was read) holds events that are not ours: what we made meanwhile would
      // conflict with them. Drop it; the listener starts again from the server's state.
      const restarted = message.lastSeq > this.sentMax;
      if (restarted) {
        this.unacked = [];
        this.ackedSeq = message.lastSeq;
        this.sentMax = message.lastSeq;
      }
      this.sentSeq = this.ackedSeq;
      this.opened();
      this.listener.onResume(message, restarted);
      if (message.status === 'ended') {
        // Nothing more can be taken: the resume's state is how the session ended. Done, quietly.
        this.stop();
        return;
      }
      this.flush();
    } else if (message.type === 'ack') {
      this.acknowledge(message);
    } else if (message.type === 'error') {
      const { problem } = message;
      // A gap (an earlier batch was refused) or a failure on the server's side: start the
      // connection again and resend from the last acknowledgement.
      if (problem.code === 'delivery.resend-from' || problem.status >= 500) this.lost();
      else this.halt(problem);
    }
  }

  private acknowledge(ack: AckMessage): void {
    // This message answers its own batch: the events up to its last result are committed.
    let upTo = this.ackedSeq;
    for (const r of ack.results) if (r.seq > upTo) upTo = r.seq;
    const committed: CommittedEvent[] = [];
    const bySeq = new Map(ack.results.map((r) => [r.seq, r]));
    let kept = 0;
    while (kept < this.unacked.length && this.unacked[kept].seq <= upTo) {
      const event = this.unacked[kept];
      const result = bySeq.get(event.seq);
      if (result && !result.repeated) committed.push({ event, result });
      kept++;
    }
    this.unacked = this.unacked.slice(kept);
    this.ackedSeq = upTo;
    this.listener.onCommitted(ack, committed);
    this.flush();
  }

  private halt(problem: Problem): void {
    this.stop();
    this.listener.onStopped(problem);
  }
}
