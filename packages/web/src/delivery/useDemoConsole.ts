import type { DeliveryState } from '@microcore/core';
import { useEffect, useRef, useState } from 'react';
import type { FromConsole, ToConsole } from './consoleWorkerProtocol';
import type { DemoSpeed } from './demoHandpiece';
import type { LiveController } from './liveController';
import type { Problem } from './protocol';

export interface DemoConsoleState {
  readonly connected: boolean;
  /** The console stopped: another console holds the session, or the server refused an event. */
  readonly stopped: Problem | undefined;
  /** The worker failed (a bug, or a plan it cannot run). */
  readonly failure: string | undefined;
}

/**
 * The demo console (consoleWorker.ts) for this screen while it is open: started with the plan and
 * the state the page read, its every answer handed to the controller. `run` false: none (an ended
 * session, a clinic that is not the demo's). A new `attempt` starts a new worker (after a takeover).
 */
export function useDemoConsole(options: {
  run: boolean;
  attempt: number;
  plan: unknown;
  state: DeliveryState;
  patientId: string;
  sessionId: string;
  consoleId: string;
  speed: DemoSpeed;
  controller: LiveController;
}): [DemoConsoleState, (message: ToConsole) => void] {
  const { run, attempt, plan, state, patientId, sessionId, consoleId, controller } = options;
  const [status, setStatus] = useState<DemoConsoleState>({
    connected: false,
    stopped: undefined,
    failure: undefined,
  });
  const worker = useRef<Worker | null>(null);
  // The speed at start; later changes go as messages.
  const speed = useRef(options.speed);
  speed.current = options.speed;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt (after a takeover) starts a new worker
  useEffect(() => {
    if (!run) return;
    setStatus({ connected: false, stopped: undefined, failure: undefined });
    const job = new Worker(new URL('./consoleWorker.ts', import.meta.url), { type: 'module' });
    worker.current = job;
    job.onmessage = (event: MessageEvent<FromConsole>) => {
      const message = event.data;
      if (message.type === 'resume')
        controller.reset(
          message.resume.state,
          message.resume.sessionRecordId,
          message.resume.placements,
        );
      else if (message.type === 'committed') controller.apply(message.ack, message.committed);
      else if (message.type === 'connection')
        setStatus((s) => ({ ...s, connected: message.connected }));
      else if (message.type === 'stopped')
        setStatus((s) => ({ ...s, connected: false, stopped: message.problem }));
      else if (message.type === 'failed') setStatus((s) => ({ ...s, failure: message.message }));
    };
    job.onerror = (event) => {
      event.preventDefault();
      setStatus((s) => ({ ...s, failure: event.message || 'the demo console stopped' }));
    };
    const start: ToConsole = {
      type: 'start',
      plan,
      state,
      patientId,
      sessionId,
      consoleId,
      // One seed per session: a reload goes on with the same practitioner.
      seed: seedOf(sessionId),
      speed: speed.current,
    };
    job.postMessage(start);
    return () => {
      job.terminate();
      worker.current = null;
    };
  }, [run, attempt, plan, state, patientId, sessionId, consoleId, controller]);

  return [status, (message) => worker.current?.postMessage(message)];
}

/** A whole number from the session's id (a UUID): the demo practitioner's seed. */
function seedOf(sessionId: string): number {
  let h = 2166136261;
  for (let i = 0; i < sessionId.length; i++) h = Math.imul(h ^ sessionId.charCodeAt(i), 16777619);
  return h >>> 0;
}
