import { DEFAULT_TEMPLATE } from '../anatomy/defaultTemplate.js';
import { scaleFromLandmarks } from '../anatomy/scale.js';
import { ENVELOPE } from '../device/envelope.js';
import { coreDiameterMm, DEFAULT_GAUGE, needleByGauge } from '../device/needles.js';
import { MicrocoreError } from '../errors.js';
import { areaMm2 } from '../geometry/polygon.js';
import type { PlanRequest } from './request.js';

/**
 * The most cores one plan request may hold (the HTTP API and the web app's planner): a bound on
 * one request's work (about 2 s of a planner thread) and storage (about 2 MB of JSON). The
 * largest clinical plan — 27G, the finest core, at 8 % over all seven zones — holds 58,466 cores
 * on the template, so every clinical plan is below it on any face up to 1.7 times the template's
 * area, which takes in the adult range of Farkas' norms (bizygomatic width up to ~150 mm and
 * lower face height up to ~82 mm: ×1.32); research mode keeps room for 40 % with the default 22G
 * needle (75,583 cores aimed at over all seven zones). Measured figures: docs/planner.md. The
 * CLI and the library plan without it: a researcher on their own machine decides.
 */
export const MAX_PLAN_CORES = 100_000;

/**
 * The cores the planner will place for a request, before planning: per zone round(coverage ×
 * area / core area), its own rule, on the template scaled to the patient's landmarks
 * (exclusions, which only take area away, are not counted off). Zones and values the planner
 * would refuse count for nothing here: it refuses them itself, with its own message.
 */
export function estimatedCores(request: PlanRequest): number {
  const coreMm = coreDiameterMm(needleByGauge(request.needle ?? DEFAULT_GAUGE));
  const coreAreaMm2 = (Math.PI * coreMm * coreMm) / 4;
  const wanted =
    request.zones ?? DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id);
  const defaultFraction =
    request.coverage === undefined ? ENVELOPE.coverage.defaultFraction : request.coverage / 100;
  const areaFactor = landmarkAreaFactor(request.landmarks);
  let cores = 0;
  for (const zone of DEFAULT_TEMPLATE.zones) {
    if (!wanted.includes(zone.id)) continue;
    const percent = request.zoneCoverage?.[zone.id];
    const fraction = percent === undefined ? defaultFraction : percent / 100;
    if (!(Number.isFinite(fraction) && fraction > 0)) continue;
    const zoneAreaMm2 =
      areaFactor *
      (areaMm2(zone.polygon) - zone.exclusions.reduce((sum, e) => sum + areaMm2(e), 0));
    cores += Math.round((fraction * zoneAreaMm2) / coreAreaMm2);
  }
  return cores;
}

/**
 * Refuse a request that would hold more than MAX_PLAN_CORES, before any planning: the field is
 * the coverage that was given (`coverage`, or `zoneCoverage` when only that was).
 */
export function checkPlanSize(request: PlanRequest): void {
  const cores = estimatedCores(request);
  if (cores <= MAX_PLAN_CORES) return;
  const field =
    request.coverage === undefined && request.zoneCoverage !== undefined
      ? 'zoneCoverage'
      : 'coverage';
  throw new MicrocoreError(
    'plan.too-large',
    `this plan would hold about ${cores} cores, more than the ${MAX_PLAN_CORES} one plan may hold (every clinical plan holds fewer); lower the coverage, plan fewer zones or choose a coarser needle`,
    field,
  );
}

/** How much the landmarks' scaling multiplies areas by; 1 when there are none or the planner will refuse them. */
function landmarkAreaFactor(landmarks: PlanRequest['landmarks']): number {
  if (landmarks === undefined) return 1;
  try {
    const scale = scaleFromLandmarks(landmarks);
    return scale.x * scale.y;
  } catch {
    return 1;
  }
}
