import type { Simulation } from '@microcore/core';
import type { DailyCourse } from './dailyCourse.js';

/** What the page asks the prediction worker for. */
export interface PredictRequest {
  /** The stored plan's `plan` value, as the API returns it. */
  readonly plan: unknown;
  readonly sessions: number;
  readonly intervalWeeks: number;
  readonly baselineLemperle: number;
  /** The patient's Fitzpatrick type (1–6), for the model's domain warning. */
  readonly fitzpatrick?: number;
  /** The last day of the daily course (the slider's end). */
  readonly lastDay: number;
}

/** The field and its mesh, per unit of the healing curve η (field on a day = this × η(day)). */
export interface PredictedField {
  readonly nodesXY: Float64Array;
  readonly triangles: Uint32Array;
  /** Tightening (area loss, positive) per node, area-averaged from the elements. */
  readonly nodalAreaLoss: Float64Array;
  /** Thinned displacement arrows: x, y, ux, uy per arrow (mm). */
  readonly arrows: Float64Array;
}

export interface PredictResult {
  readonly simulation: Simulation;
  readonly field: PredictedField;
  readonly course: DailyCourse;
  /** The worker's own time for the whole job, ms (shown, and read by the speed benchmark). */
  readonly elapsedMs: number;
  /** When each step of the job began, ms from its start: where the time goes. */
  readonly steps: readonly { readonly step: string; readonly atMs: number }[];
}

export type PredictMessage =
  | { readonly kind: 'progress'; readonly fraction: number; readonly step: string }
  | { readonly kind: 'result'; readonly result: PredictResult }
  | {
      readonly kind: 'error';
      readonly message: string;
      readonly code: string | null;
      readonly field: string | null;
    };

/** The arrays a result moves to the page instead of copying. */
export function transferablesOf(result: PredictResult): ArrayBuffer[] {
  const { field, course } = result;
  const arrays = [
    field.nodesXY,
    field.triangles,
    field.nodalAreaLoss,
    field.arrows,
    course.days,
    course.eta,
    course.epithelialCover,
    ...[course.areaLoss, course.lemperleChange, course.gaisImproved].flatMap((b) => [
      b.value,
      b.low,
      b.high,
    ]),
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
