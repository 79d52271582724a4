/** A session socket as the console and the watcher use it: a WebSocket has all this; a test stands one in. */
export interface ConsoleSocket {
  send(text: string): void;
  close(): void;
}

export interface SocketHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  /** Closed or failed, whichever side did it. */
  onClose(): void;
}

/** Waits before reconnecting, ms: doubled after each failure up to the last. */
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

/** How a link reaches the server: a WebSocket in a page or worker, a stand-in in a test. */
export interface LinkEnvironment {
  connect(handlers: SocketHandlers): ConsoleSocket;
  /** Run `run` after `delayMs` (setTimeout in a page or worker; a test runs them by hand). */
  later(run: () => void, delayMs: number): void;
}

/**
 * One of the session's sockets kept open, for the console (deliveryConsole.ts) and the watcher
 * (deliveryWatch.ts) alike: the connection in use, callbacks of an older one ignored, a lost one
 * opened again with backoff, `stop` for good. What opening means (the console claims first) and
 * what a message means are the subclass's.
 */
export abstract class SessionLink {
  protected socket: ConsoleSocket | undefined;
  protected connected = false;
  protected stopped = false;
  private failures = 0;
  /** Counts connections, so a late callback of an old one is ignored. */
  private generation = 0;

  constructor(
    private readonly link: LinkEnvironment,
    private readonly onConnection: (connected: boolean) => void,
  ) {}

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

  /** Open a connection (the subclass may ask the server something first, then `connect`). */
  protected abstract open(): void;
  /** A message of the current connection. */
  protected abstract receive(text: string): void;

  /** A new connection begins: whether a callback still belongs to it. */
  protected nextConnection(): () => boolean {
    const generation = ++this.generation;
    return () => generation === this.generation && !this.stopped;
  }

  /** Connect the socket of the connection `current` belongs to. */
  protected connect(current: () => boolean): void {
    this.socket = this.link.connect({
      onOpen: () => undefined,
      onMessage: (text) => {
        if (current()) this.receive(text);
      },
      onClose: () => {
        if (current()) this.lost();
      },
    });
  }

  /** The server said where the session stands: connected, and the backoff starts over. */
  protected opened(): void {
    this.failures = 0;
    if (this.connected) return;
    this.connected = true;
    this.onConnection(true);
  }

  /** The connection is lost or unusable: open another after a wait, unless stopped. */
  protected lost(): void {
    this.drop();
    if (this.stopped) return;
    const delay = BACKOFF_MS[Math.min(this.failures, BACKOFF_MS.length - 1)];
    this.failures++;
    this.link.later(() => this.open(), delay);
  }

  protected drop(): void {
    const socket = this.socket;
    this.generation++;
    this.socket = undefined;
    if (this.connected) {
      this.connected = false;
      this.onConnection(false);
    }
    socket?.close();
  }
}
