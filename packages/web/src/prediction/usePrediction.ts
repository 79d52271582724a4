import { useCallback, useEffect, useReducer, useRef } from 'react';
import { type PredictionState, reducePrediction } from './predictionState.js';
import type { PredictMessage, PredictRequest } from './predictProtocol.js';

/**
 * Runs the prediction in a Web Worker whenever the request changes (a new worker per run), with
 * its progress; `cancel` ends the worker (the only way to stop a computation in progress) and
 * `rerun` starts again. The worker is ended when the page leaves, too.
 */
export function usePrediction(request: PredictRequest | null): {
  state: PredictionState;
  cancel: () => void;
  rerun: () => void;
} {
  const [state, dispatch] = useReducer(reducePrediction, { status: 'idle' } as PredictionState);
  const worker = useRef<Worker | null>(null);
  const [runs, bump] = useReducer((n: number) => n + 1, 0);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `runs` restarts the run on request
  useEffect(() => {
    if (!request) return;
    const started = performance.now();
    const job = new Worker(new URL('./predictWorker.ts', import.meta.url), { type: 'module' });
    worker.current = job;
    dispatch({ type: 'start' });
    job.onmessage = (event: MessageEvent<PredictMessage>) => {
      // A message still queued from a run that was replaced or cancelled is not this run's.
      if (worker.current !== job) return;
      dispatch({ type: 'message', message: event.data, elapsedMs: performance.now() - started });
      if (event.data.kind !== 'progress') stop();
    };
    job.onerror = (event) => {
      if (worker.current !== job) return;
      dispatch({ type: 'crash', message: event.message || 'the prediction stopped unexpectedly' });
      stop();
    };
    job.postMessage(request);
    return () => {
      if (worker.current === job) stop();
      else job.terminate();
    };
  }, [request, runs, stop]);

  const cancel = useCallback(() => {
    stop();
    dispatch({ type: 'cancel' });
  }, [stop]);

  return { state, cancel, rerun: bump };
}
