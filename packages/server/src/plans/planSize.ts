import {
  coreDiameterMm,
  DEFAULT_GAUGE,
  DEFAULT_TEMPLATE,
  ENVELOPE,
  type Landmarks,
  needleByGauge,
  scaleFromLandmarks,
} from '@microcore/core';
import { invalid } from '../http/problems.js';

/**
 * The most cores one plan may hold over HTTP: a bound on one request's work (about 2 s of a
 * planner thread) and storage (about 2 MB of JSON). The largest clinical plan — 27G, the finest
 * core, at 8 % over all seven zones — holds 58,466 cores on the template, so every clinical plan
 * is below it on any face up to 1.7 times the template's area, which takes in the adult range of
 * Farkas' norms (bizygomatic width up to ~150 mm and lower face height up to ~82 mm: ×1.32);
 * research mode keeps room for 40 % with the default 22G needle (75,583 cores aimed at over all
 * seven zones). Measured figures: docs/planner.md.
 */
export const MAX_PLAN_CORES = 100_000;

/** The parts of a plan request that decide how many cores it holds (percent, as over HTTP). */
export interface PlanSizeRequest {
  readonly zones?: readonly string[] | undefined;
  readonly needle?: string | undefined;
  readonly coverage?: number | undefined;
  readonly zoneCoverage?: Readonly<Record<string, number>> | undefined;
  readonly landmarks?: Landmarks | undefined;
}

/**
 * The cores the planner will place, before planning: per zone round(coverage × area / core area),
 * its own rule, on the template scaled to the patient's landmarks (exclusions, which only take
 * area away, are not counted off). Zones and values the planner would refuse count for nothing
 * here: it refuses them itself, with its own message.
 */
export function estimatedCores(request: PlanSizeRequest): number {
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
    const areaMm2 =
      areaFactor *
      (ringAreaMm2(zone.polygon) - zone.exclusions.reduce((sum, e) => sum + ringAreaMm2(e), 0));
    cores += Math.round((fraction * areaMm2) / coreAreaMm2);
  }
  return cores;
}

/** Refuse (422) a plan that would hold more than MAX_PLAN_CORES, before any planning. */
export function refuseOversizedPlan(request: PlanSizeRequest): void {
  const cores = estimatedCores(request);
  if (cores <= MAX_PLAN_CORES) return;
  const field =
    request.coverage === undefined && request.zoneCoverage !== undefined
      ? 'zoneCoverage'
      : 'coverage';
  throw invalid(
    field,
    `this plan would hold about ${cores} cores, more than the ${MAX_PLAN_CORES} one plan may hold (every clinical plan holds fewer); lower the coverage, plan fewer zones or choose a coarser needle`,
  );
}

/** How much the landmarks' scaling multiplies areas by; 1 when there are none or the planner will refuse them. */
function landmarkAreaFactor(landmarks: Landmarks | undefined): number {
  if (landmarks === undefined) return 1;
  try {
    const scale = scaleFromLandmarks(landmarks);
    return scale.x * scale.y;
  } catch {
    return 1;
  }
}

/** Shoelace area of a closed ring, mm². */
function ringAreaMm2(ring: readonly (readonly [number, number])[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as readonly [number, number];
    const [x2, y2] = ring[(i + 1) % ring.length] as readonly [number, number];
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}
