import { type Landmarks, type ScaleFactors, scaleFromLandmarks } from '../anatomy/scale.js';
import type { PlanMode } from '../device/envelope.js';
import { isMicrocoreError, MicrocoreError } from '../errors.js';
import type { RingMm } from '../geometry/polygon.js';
import type { PatternKind, PlanInput } from './types.js';

/**
 * A plan request as people write one: coverage in PERCENT of the treated skin (6 means 6 %), as
 * `microcore plan --coverage 6`, the HTTP API and the web app's planner take it, the patient's
 * measurements rather than a scale, and exclusions with their kind. One mapping to the planner's
 * input, used by the server (which plans and stores) and the browser (which plans the same
 * request live), so the two cannot drift apart.
 */
export interface PlanRequest {
  readonly zones?: readonly string[];
  readonly needle?: string;
  /** Skin removed, % of the treated area. */
  readonly coverage?: number;
  /** Per-zone coverage, %. */
  readonly zoneCoverage?: Readonly<Record<string, number>>;
  readonly bridgeMm?: number;
  readonly pattern?: PatternKind;
  readonly seed?: number;
  readonly mode?: PlanMode;
  /** The patient's measurements, which scale the template (anatomy/scale.ts). */
  readonly landmarks?: Landmarks;
  /** Areas not to treat, each a polygon on the (scaled) chart, mm. */
  readonly exclusions?: readonly { readonly polygon: readonly (readonly number[])[] }[];
}

/** The planner's input for a request: percent → fraction, measurements → scale. */
export function planInputFromRequest(request: PlanRequest): PlanInput {
  const zoneCoverageFraction = request.zoneCoverage
    ? Object.fromEntries(Object.entries(request.zoneCoverage).map(([k, v]) => [k, v / 100]))
    : undefined;
  return {
    zones: request.zones ? [...request.zones] : undefined,
    needle: request.needle,
    coverageFraction: request.coverage === undefined ? undefined : request.coverage / 100,
    zoneCoverageFraction,
    bridgeMm: request.bridgeMm,
    pattern: request.pattern,
    seed: request.seed,
    mode: request.mode,
    scale: request.landmarks === undefined ? undefined : landmarkScale(request.landmarks),
    exclusions: request.exclusions?.map(
      (exclusion): RingMm => exclusion.polygon.map((point) => [point[0], point[1]] as const),
    ),
  };
}

/** The template's scale from the patient's measurements; a refusal names `landmarks`. */
export function landmarkScale(landmarks: Landmarks): ScaleFactors {
  try {
    return scaleFromLandmarks(landmarks);
  } catch (error) {
    if (isMicrocoreError(error)) throw new MicrocoreError(error.code, error.message, 'landmarks');
    throw error;
  }
}
