import {
  checkPlanSize,
  coreDiameterMm,
  DEFAULT_GAUGE,
  DEFAULT_TEMPLATE,
  ENVELOPE,
  landmarkScale,
  needleByGauge,
  type Plan,
  type PlanInput,
  type PlanMode,
  planInputFromRequest,
  planTreatment,
  REFERENCE_LANDMARKS,
  SCALE_RANGE,
  type ScaleFactors,
} from '@microcore/core';
import type { paths } from '../api/schema.js';
import type { DrawnExclusion, ExclusionKind } from './exclusionShapes.js';

/** The body of POST /api/patients/{id}/plans, as the server's OpenAPI document declares it. */
export type PlanRequestBody =
  paths['/api/patients/{id}/plans']['post']['requestBody']['content']['application/json'];

export type PatternKind = 'blue-noise' | 'fields';

/** Everything the planner screen lets one set; the request body is made from it. */
export interface PlannerSettings {
  /** Zones planned, in the template's order. */
  readonly zones: readonly string[];
  /** Coverage of every zone of the template, %, kept when a zone is switched off. */
  readonly coveragePercent: Readonly<Record<string, number>>;
  readonly needle: string;
  /** Minimum skin bridge, mm; null for the default (one core diameter). */
  readonly bridgeMm: number | null;
  readonly pattern: PatternKind;
  readonly mode: PlanMode;
  readonly seed: number;
  /** The patient's measurements, mm; null where not measured. */
  readonly landmarks: {
    readonly bizygomaticWidthMm: number | null;
    readonly lowerFaceHeightMm: number | null;
  };
  readonly exclusions: readonly DrawnExclusion[];
}

/**
 * How the controls change the settings: with a function of the settings as they are then (React's
 * state updater), so a control needs only its own part of the settings and a stable callback,
 * and is not drawn again when another part changes.
 */
export type UpdateSettings = (change: (settings: PlannerSettings) => PlannerSettings) => void;

export const DEFAULT_COVERAGE_PERCENT = ENVELOPE.coverage.defaultFraction * 100;

/** The measurements' accepted ranges, mm: the core's scale range about the reference face. */
export const LANDMARK_RANGES = {
  bizygomaticWidthMm: {
    referenceMm: REFERENCE_LANDMARKS.bizygomaticWidthMm,
    minMm: Math.ceil(REFERENCE_LANDMARKS.bizygomaticWidthMm * SCALE_RANGE.min),
    maxMm: Math.floor(REFERENCE_LANDMARKS.bizygomaticWidthMm * SCALE_RANGE.max),
  },
  lowerFaceHeightMm: {
    referenceMm: REFERENCE_LANDMARKS.lowerFaceHeightMm,
    minMm: Math.ceil(REFERENCE_LANDMARKS.lowerFaceHeightMm * SCALE_RANGE.min),
    maxMm: Math.floor(REFERENCE_LANDMARKS.lowerFaceHeightMm * SCALE_RANGE.max),
  },
} as const;

/** The widest minimum bridge the screen offers, mm. */
export const MAX_BRIDGE_MM = 3;

export function defaultSettings(seed = 1): PlannerSettings {
  return {
    zones: DEFAULT_TEMPLATE.zones.filter((z) => z.indicated).map((z) => z.id),
    coveragePercent: Object.fromEntries(
      DEFAULT_TEMPLATE.zones.map((z) => [z.id, DEFAULT_COVERAGE_PERCENT]),
    ),
    needle: DEFAULT_GAUGE,
    bridgeMm: null,
    pattern: 'blue-noise',
    mode: 'clinical',
    seed,
    landmarks: { bizygomaticWidthMm: null, lowerFaceHeightMm: null },
    exclusions: [],
  };
}

/** The coverage range of a mode, %. */
export function coverageRangePercent(mode: PlanMode): { minPercent: number; maxPercent: number } {
  const range = ENVELOPE.coverage[mode];
  return { minPercent: range.minFraction * 100, maxPercent: range.maxFraction * 100 };
}

/** The thinnest bridge a mode allows with a needle, mm (the envelope's own rule). */
export function minimumBridgeMm(mode: PlanMode, gauge: string): number {
  return mode === 'clinical'
    ? ENVELOPE.bridge.clinicalMinCoreDiameters * coreDiameterMm(needleByGauge(gauge))
    : ENVELOPE.bridge.researchMinMm;
}

/** Switch a zone on or off, keeping the template's order. */
export function toggleZone(
  settings: PlannerSettings,
  zoneId: string,
  on: boolean,
): PlannerSettings {
  const wanted = new Set(settings.zones);
  if (on) wanted.add(zoneId);
  else wanted.delete(zoneId);
  return {
    ...settings,
    zones: DEFAULT_TEMPLATE.zones.map((z) => z.id).filter((id) => wanted.has(id)),
  };
}

/**
 * Change the mode: coverages and the bridge are brought inside the new mode's range (research
 * settings do not carry over into a clinical plan unnoticed: they are clamped where one sees them).
 */
export function withMode(settings: PlannerSettings, mode: PlanMode): PlannerSettings {
  const { minPercent, maxPercent } = coverageRangePercent(mode);
  const coveragePercent = Object.fromEntries(
    Object.entries(settings.coveragePercent).map(([id, value]) => [
      id,
      Math.min(maxPercent, Math.max(minPercent, value)),
    ]),
  );
  const minBridge = minimumBridgeMm(mode, settings.needle);
  const bridgeMm =
    settings.bridgeMm === null
      ? null
      : Math.min(MAX_BRIDGE_MM, Math.max(minBridge, settings.bridgeMm));
  return { ...settings, mode, coveragePercent, bridgeMm };
}

/** The template's scale for the settings' measurements; identity when none is given. */
export function settingsScale(settings: Pick<PlannerSettings, 'landmarks'>): ScaleFactors {
  const landmarks = requestLandmarks(settings);
  return landmarks === undefined ? { x: 1, y: 1 } : landmarkScale(landmarks);
}

function requestLandmarks(
  settings: Pick<PlannerSettings, 'landmarks'>,
): PlanRequestBody['landmarks'] {
  const { bizygomaticWidthMm, lowerFaceHeightMm } = settings.landmarks;
  if (bizygomaticWidthMm === null && lowerFaceHeightMm === null) return undefined;
  return {
    ...(bizygomaticWidthMm === null ? {} : { bizygomaticWidthMm }),
    ...(lowerFaceHeightMm === null ? {} : { lowerFaceHeightMm }),
  };
}

/**
 * The request body for the settings. `coverage` is the value most zones share and
 * `zoneCoverage` names only the zones that differ from it, so a plain plan reads plainly in the
 * plan list; every field the server defaults is still sent, so the stored input says it all.
 */
export function toRequestBody(settings: PlannerSettings): PlanRequestBody {
  const coverage = commonValue(settings.zones.map((id) => coverageOf(settings, id)));
  const differing = settings.zones.filter((id) => coverageOf(settings, id) !== coverage);
  const landmarks = requestLandmarks(settings);
  return {
    zones: [...settings.zones],
    needle: settings.needle,
    coverage,
    ...(differing.length > 0
      ? { zoneCoverage: Object.fromEntries(differing.map((id) => [id, coverageOf(settings, id)])) }
      : {}),
    ...(settings.bridgeMm === null ? {} : { bridgeMm: settings.bridgeMm }),
    pattern: settings.pattern,
    seed: settings.seed,
    mode: settings.mode,
    ...(landmarks === undefined ? {} : { landmarks }),
    ...(settings.exclusions.length > 0
      ? {
          exclusions: settings.exclusions.map((e) => ({
            kind: e.kind,
            polygon: e.polygon.map(([x, y]) => [x, y]),
          })),
        }
      : {}),
  };
}

/** The settings a stored request body was made from (a reopened plan). */
export function fromRequestBody(body: PlanRequestBody): PlannerSettings {
  const base = defaultSettings(body.seed ?? 1);
  const coverage = body.coverage ?? DEFAULT_COVERAGE_PERCENT;
  return {
    zones: body.zones ?? base.zones,
    coveragePercent: Object.fromEntries(
      DEFAULT_TEMPLATE.zones.map((z) => [z.id, body.zoneCoverage?.[z.id] ?? coverage]),
    ),
    needle: body.needle ?? base.needle,
    bridgeMm: body.bridgeMm ?? null,
    pattern: body.pattern ?? base.pattern,
    mode: body.mode ?? base.mode,
    seed: base.seed,
    landmarks: {
      bizygomaticWidthMm: body.landmarks?.bizygomaticWidthMm ?? null,
      lowerFaceHeightMm: body.landmarks?.lowerFaceHeightMm ?? null,
    },
    exclusions: (body.exclusions ?? []).map((e, k) => ({
      id: `saved-${k + 1}`,
      kind: e.kind,
      polygon: e.polygon.map(([x, y]) => [x, y] as const),
    })),
  };
}

/**
 * The core's input for a request body: the core's own mapping (planInputFromRequest), the one
 * the server uses, so the browser plans exactly what the server will.
 */
export function requestToPlanInput(body: PlanRequestBody): PlanInput {
  return planInputFromRequest(body);
}

/**
 * Plan a request body as the server will: first the size cap the server applies before planning
 * (core's checkPlanSize: a research plan of more than 100,000 cores is refused with
 * `plan.too-large`, naming the coverage), then the core's planner — planTreatment, or a
 * createPlanner's `plan`, which gives the same plans.
 */
export function planRequest(
  body: PlanRequestBody,
  plan: (input: PlanInput) => Plan = planTreatment,
): Plan {
  checkPlanSize(body);
  return plan(requestToPlanInput(body));
}

const EXCLUSION_KIND_SET = new Set<ExclusionKind>(['mole', 'scar', 'filler', 'other']);

/**
 * A stored plan's `input` (the API declares it an open object) read back as a request body;
 * undefined when it is not one this screen can reopen. The server checked it on the way in, so
 * this only guards the shapes the screen relies on.
 */
export function readStoredRequest(input: unknown): PlanRequestBody | undefined {
  if (!isRecord(input)) return undefined;
  const numberOrAbsent = (v: unknown) => v === undefined || typeof v === 'number';
  if (input.zones !== undefined && !isStringArray(input.zones)) return undefined;
  if (input.needle !== undefined && typeof input.needle !== 'string') return undefined;
  if (!numberOrAbsent(input.coverage) || !numberOrAbsent(input.bridgeMm)) return undefined;
  if (!numberOrAbsent(input.seed)) return undefined;
  if (input.pattern !== undefined && input.pattern !== 'blue-noise' && input.pattern !== 'fields')
    return undefined;
  if (input.mode !== undefined && input.mode !== 'clinical' && input.mode !== 'research')
    return undefined;
  if (
    input.zoneCoverage !== undefined &&
    !(isRecord(input.zoneCoverage) && Object.values(input.zoneCoverage).every(isNumber))
  )
    return undefined;
  if (
    input.landmarks !== undefined &&
    !(
      isRecord(input.landmarks) &&
      numberOrAbsent(input.landmarks.bizygomaticWidthMm) &&
      numberOrAbsent(input.landmarks.lowerFaceHeightMm)
    )
  )
    return undefined;
  if (
    input.exclusions !== undefined &&
    !(
      Array.isArray(input.exclusions) &&
      input.exclusions.every(
        (e) =>
          isRecord(e) &&
          EXCLUSION_KIND_SET.has(e.kind as ExclusionKind) &&
          Array.isArray(e.polygon) &&
          e.polygon.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNumber)),
      )
    )
  )
    return undefined;
  return input as PlanRequestBody;
}

function coverageOf(settings: PlannerSettings, zoneId: string): number {
  return settings.coveragePercent[zoneId] ?? DEFAULT_COVERAGE_PERCENT;
}

/** The value that occurs most often (the first of equals); the default for an empty list. */
function commonValue(values: readonly number[]): number {
  let best = DEFAULT_COVERAGE_PERCENT;
  let bestCount = 0;
  const counts = new Map<number, number>();
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
