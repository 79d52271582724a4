import type { ConsoleSocket, SocketHandlers } from './deliveryConsole';
import type {
  AckMessage,
  CommittedEvent,
  ResumeMessage,
  ServerMessage,
  WatchAckMessage,
} from './protocol';

export interface WatchEnvironment {
  /** Open the session's watch socket (…/watch). */
  connect(handlers: SocketHandlers): ConsoleSocket;
  /** Run `run` after `delayMs` (setTimeout in a page; a test runs them by hand). */
  later(run: () => void, delayMs: number): void;
}

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

/** Waits before reconnecting, ms: doubled after each failure up to the last. */
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

/**
 * A screen that does not drive the session follows it (docs/delivery.md "Watching a session"):
 * the receive-only side of the protocol, with no browser in it. Each connection opens with a
 * `resume` (the whole state); then each batch the server commits, from whichever console, comes
 * with its events. It never sends. A batch that does not follow on from what it holds (a hole:
 * the server went on without telling this connection) or a lost connection reconnects with
 * backoff, and the fresh resume brings the whole state. An ended session needs no watching.
 */
export class DeliveryWatch {
  /** The last seq drawn (by a resume or an ack); -1 before the first resume. */
  private seq = -1;
  private socket: ConsoleSocket | undefined;
  private connected = false;
  private stopped = false;
  private failures = 0;
  /** Counts connections, so a late callback of an old one is ignored. */
  private generation = 0;

  constructor(
    private readonly environment: WatchEnvironment,
    private readonly listener: WatchListener,
  ) {}

  /** The last seq drawn. */
  get lastSeq(): number {
    return this.seq;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.drop();
  }

  private open(): void {
    if (this.stopped) return;
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.stopped;
    this.socket = this.environment.connect({
      onOpen: () => undefined,
      onMessage: (text) => {
        if (current()) this.receive(text);
      },
      onClose: () => {
        if (current()) this.lost();
      },
    });
  }

  private receive(text: string): void {
    let message: ServerMessage | WatchAckMessage;
    try {
      message = JSON.parse(text) as ServerMessage | WatchAckMessage;
    } catch {
      this.lost();
      return;
    }
    if (message.type === 'resume') {
      this.seq = message.lastSeq;
      this.failures = 0;
      if (!this.connected) {
        this.connected = true;
        this.listener.onConnection(true);
      }
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

  private lost(): void {
    this.drop();
    if (this.stopped) return;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures++;
    this.environment.later(() => this.open(), delay);
  }

  private drop(): void {
    const socket = this.socket;
    this.generation++;
    this.socket = undefined;
    if (this.connected) {
      this.connected = false;
      this.listener.onConnection(false);
    }
    socket?.close();
  }
}
