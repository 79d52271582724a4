import { describe, expect, it } from 'vitest';
import { lastResult, reducePrediction } from '../src/prediction/predictionState.js';
import type { PredictResult } from '../src/prediction/predictProtocol.js';

const result = { elapsedMs: 1 } as unknown as PredictResult;
const other = { elapsedMs: 2 } as unknown as PredictResult;

describe('the prediction’s state', () => {
  it('runs with progress to a result, keeping the last result shown while the next computes', () => {
    let state = reducePrediction({ status: 'idle' }, { type: 'start' });
    expect(state).toEqual({ status: 'running', fraction: 0, step: 'starting', previous: null });
    state = reducePrediction(state, {
      type: 'message',
      message: { kind: 'progress', fraction: 0.4, step: 'solving' },
      elapsedMs: 300,
    });
    expect(state).toMatchObject({ status: 'running', fraction: 0.4, step: 'solving' });
    state = reducePrediction(state, {
      type: 'message',
      message: { kind: 'result', result },
      elapsedMs: 900,
    });
    expect(state).toEqual({ status: 'done', result, totalMs: 900 });
    state = reducePrediction(state, { type: 'start' });
    expect(lastResult(state)).toBe(result);
    state = reducePrediction(state, {
      type: 'message',
      message: { kind: 'result', result: other },
      elapsedMs: 800,
    });
    expect(lastResult(state)).toBe(other);
  });

  it('cancels a run (keeping the last result), and ignores messages of a run no longer wanted', () => {
    let state = reducePrediction({ status: 'done', result, totalMs: 1 }, { type: 'start' });
    state = reducePrediction(state, { type: 'cancel' });
    expect(state).toEqual({ status: 'cancelled', previous: result });
    const late = reducePrediction(state, {
      type: 'message',
      message: { kind: 'result', result: other },
      elapsedMs: 5,
    });
    expect(late).toBe(state);
    // Cancelling when nothing runs changes nothing.
    const done = { status: 'done', result, totalMs: 1 } as const;
    expect(reducePrediction(done, { type: 'cancel' })).toBe(done);
  });

  it('shows the core’s refusal with its field, and a crash of the worker', () => {
    const running = reducePrediction({ status: 'idle' }, { type: 'start' });
    expect(
      reducePrediction(running, {
        type: 'message',
        message: {
          kind: 'error',
          message: 'baselineLemperle must be…',
          code: 'x',
          field: 'baselineLemperle',
        },
        elapsedMs: 10,
      }),
    ).toEqual({ status: 'error', message: 'baselineLemperle must be…', field: 'baselineLemperle' });
    expect(reducePrediction(running, { type: 'crash', message: 'out of memory' })).toEqual({
      status: 'error',
      message: 'out of memory',
      field: null,
    });
  });
});
