import { isMicrocoreError, type Plan, simulateTreatment } from '@microcore/core';
import { decimateArrows } from './arrows.js';
import { dailyCourse } from './dailyCourse.js';
import { nodalAverage } from './fieldRaster.js';
import type { PredictMessage, PredictRequest, PredictResult } from './predictProtocol.js';

/** Arrows one per square of this side, mm: about eight across a cheek. */
export const ARROW_SPACING_MM = 15;

/**
 * The prediction worker's job, apart from the worker itself so it runs in tests too: the core's
 * simulation of the plan, then what the page draws — the daily course, the field's nodal values
 * and thinned arrows. A plan the core refuses comes back as an error message with its code and
 * field, never as an exception out of the worker.
 */
export function runPrediction(
  request: PredictRequest,
  onProgress: (fraction: number, step: string) => void,
  now: () => number = () => performance.now(),
): PredictMessage {
  const started = now();
  const steps: { step: string; atMs: number }[] = [];
  const report = (fraction: number, step: string) => {
    if (steps[steps.length - 1]?.step !== step) steps.push({ step, atMs: now() - started });
    onProgress(fraction, step);
  };
  try {
    const run = simulateTreatment(request.plan as Plan, {
      sessions: request.sessions,
      intervalWeeks: request.intervalWeeks,
      baselineLemperle: request.baselineLemperle,
      fitzpatrick: request.fitzpatrick,
      // The default days, with the slider's last day as the outcome day.
      days: [0, 1, 4, 14, 30, 90, request.lastDay],
      onProgress: (fraction, step) => report(0.9 * fraction, step),
    });
    report(0.92, 'computing every day of the course');
    const course = dailyCourse(run, request.lastDay);
    const { mesh, elementAreaChange, displacementMm } = run.field;
    const fieldMesh = { nodesXY: mesh.nodesXY, triangles: mesh.triangles };
    const nodalAreaLoss = nodalAverage(
      fieldMesh,
      Float64Array.from(elementAreaChange, (v) => -v),
    );
    const result: PredictResult = {
      simulation: run.simulation,
      field: {
        nodesXY: mesh.nodesXY,
        triangles: mesh.triangles,
        nodalAreaLoss,
        arrows: decimateArrows(mesh.nodesXY, displacementMm, ARROW_SPACING_MM),
      },
      course,
      elapsedMs: now() - started,
      steps,
    };
    report(1, 'done');
    return { kind: 'result', result };
  } catch (error) {
    if (isMicrocoreError(error))
      return {
        kind: 'error',
        message: error.message,
        code: error.code,
        field: error.field ?? null,
      };
    return {
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
      code: null,
      field: null,
    };
  }
}
