import type { PredictRequest } from './predictProtocol.js';
import { transferablesOf } from './predictProtocol.js';
import { runPrediction } from './runPrediction.js';

/**
 * The prediction in a Web Worker: the simulation takes most of a second, so it runs off the
 * page's thread, reporting progress; the page cancels a run by ending the worker.
 */
interface WorkerScope {
  onmessage: ((event: MessageEvent<PredictRequest>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const message = runPrediction(event.data, (fraction, step) =>
    scope.postMessage({ kind: 'progress', fraction, step }),
  );
  if (message.kind === 'result') scope.postMessage(message, transferablesOf(message.result));
  else scope.postMessage(message);
};
