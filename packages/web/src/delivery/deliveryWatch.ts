import type {
  AckMessage,
  CommittedEvent,
  ResumeMessage,
  ServerMessage,
  WatchAckMessage,
} from './protocol';
import { type LinkEnvironment, SessionLink } from './sessionLink';

/** `connect` opens the session's watch socket (…/watch). */
export type WatchEnvironment = LinkEnvironment;

export interface WatchListener {
  /** A connection opened and the server said where the session stands: draw it again. */
  onResume(resume: ResumeMessage): void;
  /** The server committed these events (new ones only, following on from what was drawn). */
  onCommitted(
    ack: Omit<AckMessage, 'results' | 'type'>,
    committed: readonly CommittedEvent[],
  ): void;
  /** Connected or not. */
  onConnection(connected: boolean): void;
}

/**
 * A screen that does not drive the session follows it (docs/delivery.md "Watching a session"):
 * the receive-only side of the protocol, with no browser in it. Each connection opens with a
 * `resume` (the whole state); then each batch the server commits, from whichever console, comes
 * with its events. It never sends. A batch that does not follow on from what it holds (a hole:
 * the server went on without telling this connection) or a lost connection reconnects with
 * backoff, and the fresh resume brings the whole state. An ended session needs no watching.
 */
export class DeliveryWatch extends SessionLink {
  /** The last seq drawn (by a resume or an ack); -1 before the first resume. */
  private seq = -1;

  constructor(
    environment: WatchEnvironment,
    private readonly listener: WatchListener,
  ) {
    super(environment, (connected) => listener.onConnection(connected));
  }

  /** The last seq drawn. */
  get lastSeq(): number {
    return this.seq;
  }

  protected open(): void {
    if (this.stopped) return;
    this.connect(this.nextConnection());
  }

  protected receive(text: string): void {
    let message: ServerMessage | WatchAckMessage;
    try {
      message = JSON.parse(text) as ServerMessage | WatchAckMessage;
    } catch {
      this.lost();
      return;
    }
    if (message.type === 'resume') {
      this.seq = message.lastSeq;
      this.opened();
      this.listener.onResume(message);
      if (message.status === 'ended') this.stop();
    } else if (message.type === 'ack') {
      if (this.seq < 0 || !('events' in message)) this.lost();
      else this.take(message);
    } else {
      // The server could not read the session (it closes the socket): try again later.
      this.lost();
    }
  }

  private take(ack: WatchAckMessage): void {
    if (ack.lastSeq <= this.seq) return; // drawn already (a resume brought it)
    const committed: CommittedEvent[] = [];
    ack.results.forEach((result, i) => {
      const event = ack.events[i];
      if (!result.repeated && result.seq > this.seq && event?.seq === result.seq)
        committed.push({ event, result });
    });
    committed.sort((a, b) => a.event.seq - b.event.seq);
    // Exactly the next seqs, up to the ack's: otherwise a fresh resume draws the whole state.
    const follows = committed.every((c, i) => c.event.seq === this.seq + 1 + i);
    if (!follows || committed.at(-1)?.event.seq !== ack.lastSeq) {
      this.lost();
      return;
    }
    this.seq = ack.lastSeq;
    const { type: _type, results: _results, events: _events, ...rest } = ack;
    this.listener.onCommitted(rest, committed);
    if (ack.status === 'ended') this.stop();
  }
}
