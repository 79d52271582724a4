import { DeliveryGuard } from '@microcore/core';
import type { ToConsole } from './consoleWorkerProtocol';
import { DeliveryConsole } from './deliveryConsole';
import { DemoHandpiece } from './demoHandpiece';
import type { Problem } from './protocol';
import type { ConsoleSocket } from './sessionLink';

/**
 * The demo console in a Web Worker, a thin shell: the simulated handpiece (demoHandpiece.ts)
 * makes events, the console (deliveryConsole.ts) sends them over the session's WebSocket, and
 * every server answer goes to the page, which draws from them. Off the page's thread, so the
 * guard's work per field never takes a frame from the drawing.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<ToConsole>) => void) | null;
  postMessage(message: unknown): void;
  location: { origin: string };
}
const scope = self as unknown as WorkerScope;
const post = (message: import('./consoleWorkerProtocol').FromConsole) => scope.postMessage(message);

/** At full speed, events made ahead of the server's acknowledgements at most. */
const MAX_BACKLOG = 4000;
/** Events made in one turn of the loop at most, so the worker reads the page's messages. */
const MOST_PER_TURN = 500;

let handpiece: DemoHandpiece | undefined;
let deliveryConsole: DeliveryConsole | undefined;
let full = false;

scope.onmessage = (event) => {
  const message = event.data;
  try {
    if (message.type === 'start') start(message);
    else if (handpiece && deliveryConsole) {
      const now = performance.now();
      if (message.type === 'speed') {
        full = message.speed === 'full';
        handpiece.setSpeed(message.speed, now);
      } else if (message.type === 'pause') handpiece.pause(now);
      else if (message.type === 'resume') handpiece.resume(now);
      else if (message.type === 'end') handpiece.end();
      deliveryConsole.flush();
    }
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};

function start(message: Extract<ToConsole, { type: 'start' }>): void {
  const base = `/api/patients/${message.patientId}/delivery-sessions/${message.sessionId}`;
  const guard = new DeliveryGuard(message.plan);
  const console_ = new DeliveryConsole(
    {
      claim: async () => {
        const response = await fetch(`${base}/claim`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ consoleId: message.consoleId }),
          credentials: 'same-origin',
        });
        if (response.ok) return null;
        const body = (await response.json().catch(() => ({}))) as Partial<Problem>;
        return {
          status: response.status,
          code: body.code ?? `http-${response.status}`,
          detail: body.detail ?? `the server answered ${response.status}`,
        };
      },
      connect: (handlers) => {
        const url = new URL(`${base}/socket`, scope.location.origin);
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
        url.searchParams.set('consoleId', message.consoleId);
        const socket = new WebSocket(url);
        socket.onopen = () => handlers.onOpen();
        socket.onmessage = (e) => handlers.onMessage(String(e.data));
        socket.onclose = () => handlers.onClose();
        return socket satisfies ConsoleSocket;
      },
      later: (run, delayMs) => setTimeout(run, delayMs),
    },
    {
      onResume: (resume, restarted) => {
        // The console dropped what the handpiece made: go on from the server's state.
        if (restarted) handpiece?.reset(resume.state, performance.now());
        post({ type: 'resume', resume });
      },
      onCommitted: ({ results: _results, ...ack }, committed) =>
        post({ type: 'committed', ack, committed }),
      onStopped: (problem) => post({ type: 'stopped', problem }),
      onConnection: (connected) => post({ type: 'connection', connected }),
    },
    message.state.lastSeq,
  );
  deliveryConsole = console_;
  handpiece = new DemoHandpiece(
    guard,
    message.state,
    message.seed,
    (e) => console_.push(e),
    performance.now(),
  );
  full = message.speed === 'full';
  handpiece.setSpeed(message.speed, performance.now());
  console_.start();
  loop();
}

function loop(): void {
  const local = handpiece;
  const console_ = deliveryConsole;
  if (!local || !console_ || console_.isStopped) return;
  // Once ended, the console alone goes on (acknowledgements, a resend after a reconnect).
  if (local.ended) {
    console_.flush();
    return;
  }
  try {
    const room = full ? MAX_BACKLOG - console_.backlog : MOST_PER_TURN;
    if (room > 0) local.run(performance.now(), Math.min(room, MOST_PER_TURN));
    console_.flush();
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  setTimeout(loop, full ? 0 : 15);
}
