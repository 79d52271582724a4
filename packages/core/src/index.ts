/**
 * @microcore/core — the Micro-Coring domain, pure and deterministic (no I/O, no clock).
 * This file is the public surface: what is not exported here is internal.
 */
export { DEFAULT_TEMPLATE } from './anatomy/defaultTemplate.js';
export {
  type Landmarks,
  REFERENCE_LANDMARKS,
  type ScaleFactors,
  scaleFromLandmarks,
  scaleTemplate,
  uniformScale,
} from './anatomy/scale.js';
export { MIN_ZONE_AREA_MM2, parseTemplate, validateTemplate } from './anatomy/template.js';
export type { FaceTemplate, Zone } from './anatomy/zones.js';
export {
  checkBridge,
  checkCoreDiameter,
  checkCoverage,
  ENVELOPE,
  type PlanMode,
} from './device/envelope.js';
export { DEFAULT_HANDPIECE, type Handpiece } from './device/handpiece.js';
export {
  coreDiameterMm,
  DEFAULT_GAUGE,
  NEEDLES,
  type Needle,
  needleByGauge,
} from './device/needles.js';
export { isMicrocoreError, MicrocoreError, type MicrocoreErrorCode } from './errors.js';
export type { PointMm, RingMm } from './geometry/polygon.js';
export * as geometry from './geometry/polygon.js';
export { simulateBridgePatch } from './heal/bridges.js';
export { calibrateResponse } from './heal/calibrate.js';
export {
  cohortOutcome,
  fitResponse,
  gaisCategory,
  normalDraws,
  RESPONSE_CALIBRATION,
} from './heal/outcome.js';
export {
  defaultParameterValues,
  HEALING_PARAMETERS,
  type HealingParameterValues,
} from './heal/parameters.js';
export {
  DEFAULT_DAYS,
  type SimulationRun,
  sampleCohort,
  simulateTreatment,
} from './heal/simulate.js';
export { solveTighteningField, type TighteningField } from './heal/tightening.js';
export * from './heal/types.js';
export {
  areaLossFraction,
  epithelialCover,
  gapedHole,
  openAreaFraction,
  seriesAreaLossFraction,
} from './heal/woundCourse.js';
export {
  bridgeStats,
  nearestNeighbourDistancesMm,
  worstWindowCoverageFraction,
} from './plan/metrics.js';
export { planTreatment } from './plan/planner.js';
export {
  type PoissonDiskOptions,
  type PoissonDiskResult,
  type SamplingDomain,
  samplePoissonDisk,
} from './plan/poissonDisk.js';
export * from './plan/types.js';
export { RectangleDomain, ZoneDomain } from './plan/zoneDomain.js';
export * from './records/types.js';
export { planToSvg } from './render/planSvg.js';
export { simulationToSvg } from './render/simulationSvg.js';
export { Rng } from './rng.js';
