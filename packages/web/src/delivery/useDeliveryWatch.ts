import { useEffect, useState } from 'react';
import { DeliveryWatch } from './deliveryWatch';
import type { LiveController } from './liveController';
import type { ConsoleSocket } from './sessionLink';

/**
 * While `run`, follow the session over its watch socket (deliveryWatch.ts), each answer handed to
 * the controller: the screen of a session this page does not drive (a clinic's own handpiece, or
 * another tab's demo console). Answers whether the watch is connected.
 */
export function useDeliveryWatch(options: {
  run: boolean;
  patientId: string;
  sessionId: string;
  controller: LiveController;
}): boolean {
  const { run, patientId, sessionId, controller } = options;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!run) return;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const watch = new DeliveryWatch(
      {
        connect: (handlers) => {
          const url = new URL(
            `/api/patients/${patientId}/delivery-sessions/${sessionId}/watch`,
            window.location.origin,
          );
          url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
          const socket = new WebSocket(url);
          socket.onopen = () => handlers.onOpen();
          socket.onmessage = (e) => handlers.onMessage(String(e.data));
          socket.onclose = () => handlers.onClose();
          return socket satisfies ConsoleSocket;
        },
        later: (next, delayMs) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            next();
          }, delayMs);
          timers.add(timer);
        },
      },
      {
        onResume: (resume) =>
          controller.reset(resume.state, resume.sessionRecordId, resume.placements),
        onCommitted: (ack, committed) => controller.apply(ack, committed),
        onConnection: setConnected,
      },
    );
    watch.start();
    return () => {
      watch.stop();
      for (const timer of timers) clearTimeout(timer);
      setConnected(false);
    };
  }, [run, patientId, sessionId, controller]);
  return connected;
}
