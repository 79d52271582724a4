import type { PredictMessage, PredictResult } from './predictProtocol.js';

export type PredictionState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly fraction: number;
      readonly step: string;
      /** The last result while a new one is computed (shown dimmed). */
      readonly previous: PredictResult | null;
    }
  | {
      readonly status: 'done';
      readonly result: PredictResult;
      /** From starting the worker to the result on the page (loading its code included), ms. */
      readonly totalMs: number;
    }
  | { readonly status: 'cancelled'; readonly previous: PredictResult | null }
  | { readonly status: 'error'; readonly message: string; readonly field: string | null };

export type PredictionAction =
  | { readonly type: 'start' }
  | { readonly type: 'message'; readonly message: PredictMessage; readonly elapsedMs: number }
  | { readonly type: 'cancel' }
  | { readonly type: 'crash'; readonly message: string };

/** The result to show: the finished one, or the last one while the next is computed. */
export const lastResult = (state: PredictionState): PredictResult | null =>
  state.status === 'done'
    ? state.result
    : state.status === 'running' || state.status === 'cancelled'
      ? state.previous
      : null;

/** The prediction's state as the worker's messages and the user's cancel move it on. */
export function reducePrediction(
  state: PredictionState,
  action: PredictionAction,
): PredictionState {
  switch (action.type) {
    case 'start':
      return { status: 'running', fraction: 0, step: 'starting', previous: lastResult(state) };
    case 'cancel':
      return state.status === 'running' ? { status: 'cancelled', previous: state.previous } : state;
    case 'crash':
      return { status: 'error', message: action.message, field: null };
    case 'message': {
      const m = action.message;
      if (state.status !== 'running') return state;
      if (m.kind === 'progress') return { ...state, fraction: m.fraction, step: m.step };
      if (m.kind === 'result')
        return { status: 'done', result: m.result, totalMs: action.elapsedMs };
      return { status: 'error', message: m.message, field: m.field };
    }
  }
}
