import { DEFAULT_TEMPLATE } from '../anatomy/defaultTemplate.js';
import { scaleTemplate } from '../anatomy/scale.js';
import { zoneIds } from '../anatomy/template.js';
import type { Zone } from '../anatomy/zones.js';
import {
  checkBridge,
  checkCoreDiameter,
  checkCoverage,
  ENVELOPE,
  type PlanMode,
} from '../device/envelope.js';
import { DEFAULT_HANDPIECE, type Handpiece } from '../device/handpiece.js';
import { coreDiameterMm, DEFAULT_GAUGE, needleByGauge } from '../device/needles.js';
import { MicrocoreError } from '../errors.js';
import { areaMm2, boundsOf, clipToRectangle, type PointMm } from '../geometry/polygon.js';
import { Rng } from '../rng.js';
import { roundDecimals } from '../roundDecimals.js';
import { type DensestWindow, densestWindow, densestWindowAcrossZones } from './densestWindow.js';
import { checkExclusions, withExclusions } from './exclusions.js';
import { bridgeStats, smallestBridgeMm } from './metrics.js';
import { placeCores } from './placeCores.js';
import {
  type PatternKind,
  PLAN_SCHEMA_VERSION,
  type Plan,
  type PlanField,
  type PlanInput,
  type PlanWarning,
  type ZonePlan,
} from './types.js';
import { ZoneDomain } from './zoneDomain.js';

/** Output coordinates are rounded to this (0.1 µm); sampling keeps a margin for it. */
const ROUND_MM = 1e-4;
const ROUNDING_MARGIN_MM = 2 * ROUND_MM;
/** A zone whose exclusions leave less than this (mm²) has nothing left to treat at all. */
const NOTHING_LEFT_MM2 = 0.01;

/**
 * Plan the cores: for each chosen zone, exactly the number of cores that removes the target
 * fraction of its treatable skin, as blue noise (or field by field, as the handpiece lays them),
 * no two closer than the zone's spacing (≥ core diameter + minimum bridge) and, across a zone
 * border, than the smaller of the two zones' spacings; every core wholly inside its zone and
 * outside every exclusion. In clinical mode a plan whose densest square centimetre may lose more
 * than the coverage ceiling is refused (densestWindow.ts). Pure and deterministic: the same input
 * and seed give the same plan.
 */
export function planTreatment(input: PlanInput = {}): Plan {
  return planWithZones(input, planZone);
}

/**
 * Places one zone's cores: planZone itself, or a memo of it (createPlanner.ts). Whatever it is,
 * it must return what planZone would and push the same warnings onto `ctx.warnings`.
 */
export type ZonePlacer = (zone: Zone, ctx: ZoneContext) => PlannedZone;

/** planTreatment, with each zone's cores placed by `placeZone`. */
export function planWithZones(input: PlanInput, placeZone: ZonePlacer): Plan {
  const mode: PlanMode = input.mode ?? 'clinical';
  if (mode !== 'clinical' && mode !== 'research')
    invalid('mode', `mode must be "clinical" or "research", got "${mode}"`);
  const pattern: PatternKind = input.pattern ?? 'blue-noise';
  if (pattern !== 'blue-noise' && pattern !== 'fields') {
    invalid('pattern', `pattern must be "blue-noise" or "fields", got "${pattern}"`);
  }
  const seed = input.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0)
    invalid('seed', `seed must be a whole number ≥ 0, got ${seed}`);
  const handpiece: Handpiece = checkHandpiece(input.handpiece ?? DEFAULT_HANDPIECE);
  const warnings: PlanWarning[] = [];
  if (mode === 'research') {
    warnings.push({
      code: 'mode.research',
      message:
        'RESEARCH MODE: limits outside the clinical envelope are allowed; not a plan for treating a patient',
    });
  }

  const needle = needleByGauge(input.needle ?? DEFAULT_GAUGE);
  const coreMm = coreDiameterMm(needle);
  warnings.push(...checkCoreDiameter(coreMm, needle.gauge));
  const coreAreaMm2 = (Math.PI * coreMm * coreMm) / 4;

  const coverageTarget = input.coverageFraction ?? ENVELOPE.coverage.defaultFraction;
  checkCoverage(coverageTarget, mode, 'coverage');
  const bridgeMm = input.bridgeMm ?? ENVELOPE.bridge.defaultCoreDiameters * coreMm;
  checkBridge(bridgeMm, coreMm, mode);
  const minCentreDistanceMm = coreMm + bridgeMm;

  const template = input.scale
    ? scaleTemplate(input.template ?? DEFAULT_TEMPLATE, input.scale)
    : (input.template ?? DEFAULT_TEMPLATE);
  const exclusions = input.exclusions === undefined ? [] : checkExclusions(input.exclusions);
  const zones = chooseZones(template.zones, input.zones).map((zone) =>
    withExclusions(zone, exclusions),
  );
  for (const [id, fraction] of Object.entries(input.zoneCoverageFraction ?? {})) {
    if (!zones.some((z) => z.id === id)) {
      invalid(
        `zoneCoverage.${id}`,
        `per-zone coverage names "${id}", which is not among the planned zones (${zones.map((z) => z.id).join(', ')})`,
        'zone.unknown',
      );
    }
    checkCoverage(fraction, mode, `zoneCoverage.${id}`);
  }

  const planned = zones.map((zone) => {
    const target = input.zoneCoverageFraction?.[zone.id] ?? coverageTarget;
    return placeZone(zone, {
      coverageTarget: target,
      coreMm,
      coreAreaMm2,
      minCentreDistanceMm,
      pattern,
      handpiece,
      seed: zoneSeed(seed, zone.id),
      warnings,
    });
  });
  // The plan's densest window, from the zones' own and a sweep of the cores near another zone.
  let densest = densestWindowAcrossZones(
    planned.map((p) => p.roundedMm),
    planned.map((p) => p.densest),
    coreMm,
    ENVELOPE.window.sideMm,
  );
  if (mode === 'clinical') {
    densest = thinDensestWindows(planned, densest, zones, {
      coreMm,
      coreAreaMm2,
      fieldSideMm: handpiece.fieldSideMm,
      warnings,
    });
  }
  const zonePlans = planned.map((p) => p.plan);

  const cores = zonePlans.reduce((sum, z) => sum + z.coreCount, 0);
  const area = zonePlans.reduce((sum, z) => sum + z.areaMm2, 0);
  const fields = zonePlans.reduce((sum, z) => sum + z.fieldCount, 0);
  const allCores = new Float64Array(2 * cores);
  let k = 0;
  for (const z of zonePlans) {
    for (const [x, y] of z.cores) {
      allCores[k++] = x;
      allCores[k++] = y;
    }
  }
  const minBridgeMm = smallestBridgeMm(allCores, coreMm, neighbourCellMm(minCentreDistanceMm));
  const seconds = fields * (handpiece.secondsPerField + handpiece.repositionSecondsPerField);
  checkDensestWindow(densest, mode, coverageTarget, input.zoneCoverageFraction, warnings);
  if (cores > ENVELOPE.session.reportedMaxCores) {
    warnings.push({
      code: 'plan.cores-above-reported-session',
      message:
        `${cores.toLocaleString('en-US')} cores in one session: more than the 10,000–` +
        `${ENVELOPE.session.reportedMaxCores.toLocaleString('en-US')} ` +
        'cores a session was reported to remove; the skin removed stays within the coverage limits, ' +
        'but a session this large is outside what was described',
    });
  }

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    kind: 'microcore.plan',
    mode,
    pattern,
    seed,
    template: template.name,
    needle: {
      gauge: needle.gauge,
      wall: needle.wall,
      outerDiameterMm: needle.outerDiameterMm,
      coreDiameterMm: coreMm,
      coreAreaMm2: round(coreAreaMm2, 1e-6),
    },
    coverageTarget,
    bridgeMinMm: round(bridgeMm, ROUND_MM),
    minCentreDistanceMm: round(minCentreDistanceMm, ROUND_MM),
    handpiece,
    totals: {
      cores,
      areaMm2: round(area, 0.01),
      coverageFraction: round(area > 0 ? (cores * coreAreaMm2) / area : 0, 1e-6),
      minBridgeMm: minBridgeMm === undefined ? null : round(minBridgeMm, ROUND_MM),
      worstWindowCoverageFraction: round(densest.coverageFraction, 1e-6),
      fields,
      strokes: Math.ceil(cores / handpiece.needleCount),
      estimatedMinutes: round(seconds / 60, 0.1),
    },
    zones: zonePlans,
    warnings,
  };
}

/** A zone may lose at most this fraction of its area's worth of cores to thinning (0.1 point). */
const THIN_BUDGET_FRACTION = 0.001;
/**
 * Thinning is tried only this close to the ceiling (0.5 point) and for at most THIN_STEPS
 * windows: each step sweeps again, and a plan further over would lose more than the budget
 * anyway (27G at 8 %, 1 point over, took 12 s of one-core-at-a-time steps before these bounds).
 */
const THIN_MAX_EXCESS_FRACTION = 0.005;
const THIN_STEPS = 6;

export interface PlannedZone {
  readonly plan: ZonePlan;
  readonly densest: DensestWindow;
  readonly roundedMm: Float64Array;
}

/**
 * A plan a little over the window ceiling is brought under it: from the densest window, the
 * cores nearest its middle that take it to the ceiling are left out, window after window, while
 * each zone keeps its coverage within 0.1 percentage point of its target (the planner's
 * tolerance); each zone thinned says so. What is still over the ceiling after that is refused
 * (checkDensestWindow). Clinical mode only.
 */
function thinDensestWindows(
  planned: PlannedZone[],
  first: DensestWindow,
  zones: readonly Zone[],
  ctx: {
    readonly coreMm: number;
    readonly coreAreaMm2: number;
    readonly fieldSideMm: number;
    readonly warnings: PlanWarning[];
  },
): DensestWindow {
  const ceiling = ENVELOPE.coverage.clinical.maxFraction;
  const side = ENVELOPE.window.sideMm;
  const reach = ctx.coreMm / 2;
  const left = planned.map(() => 0);
  let densest = first;
  if (densest.coverageFraction > ceiling + THIN_MAX_EXCESS_FRACTION) return densest;
  for (
    let step = 0;
    step < THIN_STEPS && densest.originMm !== null && densest.coverageFraction > ceiling;
    step++
  ) {
    const [x0, y0] = densest.originMm;
    // Cores the window counts (centre within a radius of it), nearest its middle first.
    const candidates: { zone: number; core: number; distanceMm: number }[] = [];
    planned.forEach((zone, z) => {
      const points = zone.roundedMm;
      for (let i = 0; i < points.length; i += 2) {
        const x = points[i];
        const y = points[i + 1];
        if (x < x0 - reach || x > x0 + side + reach || y < y0 - reach || y > y0 + side + reach)
          continue;
        const distanceMm = Math.hypot(x - x0 - side / 2, y - y0 - side / 2);
        candidates.push({ zone: z, core: i / 2, distanceMm });
      }
    });
    candidates.sort((a, b) => a.distanceMm - b.distanceMm || a.zone - b.zone || a.core - b.core);
    // Enough whole cores to take this window to the ceiling.
    let wanted = Math.ceil(
      ((densest.coverageFraction - ceiling) * side * side) / ctx.coreAreaMm2 - 1e-9,
    );
    const chosen = planned.map((): number[] => []);
    for (const { zone, core } of candidates) {
      if (wanted === 0) break;
      const budget = Math.floor(
        (THIN_BUDGET_FRACTION * planned[zone].plan.areaMm2) / ctx.coreAreaMm2,
      );
      if (left[zone] + chosen[zone].length >= budget) continue;
      chosen[zone].push(core);
      wanted--;
    }
    if (chosen.every((c) => c.length === 0)) break; // no zone may give up another core: refused
    chosen.forEach((cores, z) => {
      if (cores.length === 0) return;
      planned[z] = withoutCores(planned[z], cores, zones[z], ctx);
      left[z] += cores.length;
    });
    densest = densestWindowAcrossZones(
      planned.map((p) => p.roundedMm),
      planned.map((p) => p.densest),
      ctx.coreMm,
      side,
    );
  }
  planned.forEach(({ plan }, z) => {
    if (left[z] === 0) return;
    ctx.warnings.push({
      code: 'coverage.window-thinned',
      zone: plan.id,
      message:
        `zone "${plan.id}": ${left[z]} of its cores left out of its densest square centimetres so ` +
        `that none loses more than ${ceiling * 100} %; the zone's coverage is ` +
        `${pct(plan.coverageFraction)} (target ${pct(plan.coverageTarget)})`,
    });
  });
  return densest;
}

/** A zone's plan without the cores `indices`: every figure that depends on the cores recomputed. */
function withoutCores(
  zone: PlannedZone,
  indices: readonly number[],
  source: Zone,
  ctx: { readonly coreMm: number; readonly coreAreaMm2: number; readonly fieldSideMm: number },
): PlannedZone {
  const gone = new Set(indices);
  const cores = zone.plan.cores.filter((_, k) => !gone.has(k));
  const roundedMm = new Float64Array(2 * cores.length);
  cores.forEach(([x, y], k) => {
    roundedMm[2 * k] = x;
    roundedMm[2 * k + 1] = y;
  });
  // Each field keeps its own cores, less those gone, and starts after the cores kept before it.
  let kept = 0;
  const fields = zone.plan.fields?.map((field) => {
    let count = 0;
    for (let k = field.firstCore; k < field.firstCore + field.coreCount; k++)
      if (!gone.has(k)) count++;
    const moved = { ...field, firstCore: kept, coreCount: count };
    kept += count;
    return moved;
  });
  const densest = densestWindow(roundedMm, ctx.coreMm, ENVELOPE.window.sideMm);
  // The bridges from the rounded cores: within 0.1 µm of the unrounded ones planZone measures.
  const bridges = bridgeStats(roundedMm, ctx.coreMm, 2 * zone.plan.spacingMm);
  const plan: ZonePlan = {
    ...zone.plan,
    coverageFraction: round((cores.length * ctx.coreAreaMm2) / zone.plan.areaMm2, 1e-6),
    coreCount: cores.length,
    cores,
    minBridgeMm: bridges ? round(bridges.minMm, ROUND_MM) : null,
    p5BridgeMm: bridges ? round(bridges.p5Mm, ROUND_MM) : null,
    meanBridgeMm: bridges ? round(bridges.meanMm, ROUND_MM) : null,
    worstWindowCoverageFraction: round(densest.coverageFraction, 1e-6),
    fieldCount: fields
      ? fields.filter((f) => f.coreCount > 0).length
      : countFields(roundedMm, source, ctx.fieldSideMm),
    ...(fields ? { fields } : {}),
  };
  return { plan, densest, roundedMm };
}

/**
 * The window ceiling: in clinical mode no square centimetre may lose more than the clinical
 * coverage ceiling; a plan whose densest window may (by the proven bound) is refused, naming
 * where. Research mode warns.
 */
function checkDensestWindow(
  densest: DensestWindow,
  mode: PlanMode,
  coverageTarget: number,
  zoneCoverage: Readonly<Record<string, number>> | undefined,
  warnings: PlanWarning[],
): void {
  const ceiling = ENVELOPE.coverage.clinical.maxFraction;
  if (densest.originMm === null || densest.coverageFraction <= ceiling) return;
  const side = ENVELOPE.window.sideMm;
  const [x, y] = densest.originMm.map((v) => round(v, 0.01));
  const where =
    `the ${side} × ${side} mm square from (${x}, ${y}) to (${round(x + side, 0.01)}, ` +
    `${round(y + side, 0.01)}) mm on the chart`;
  const highest = Math.max(coverageTarget, ...Object.values(zoneCoverage ?? {}));
  // Density scales the window's figure in proportion, so this coverage would about fit.
  const fits = Math.floor(((highest * ceiling) / densest.coverageFraction) * 1000) / 10;
  const message =
    `${where} may lose up to ${pct(densest.coverageFraction)} of its skin, above the ` +
    `${ceiling * 100} % that no square centimetre may exceed (the densest of all its positions, ` +
    `cores astride its edge counted as docs/planner.md proves); ` +
    `lower the coverage (about ${fits} % would fit)`;
  if (mode === 'clinical') {
    throw new MicrocoreError(
      'coverage.window-above-ceiling',
      message.replace(
        '; lower the coverage',
        "; leaving out up to 0.1 percentage point of each zone's cores did not bring it under; lower the coverage",
      ),
      zoneCoverage !== undefined && highest > coverageTarget ? 'zoneCoverage' : 'coverage',
    );
  }
  warnings.push({ code: 'coverage.window-above-ceiling', message });
}

/** Everything a zone's plan depends on besides the zone itself (createPlanner.ts keys on it). */
export interface ZoneContext {
  readonly coverageTarget: number;
  readonly coreMm: number;
  readonly coreAreaMm2: number;
  readonly minCentreDistanceMm: number;
  readonly pattern: PatternKind;
  readonly handpiece: Handpiece;
  /** The zone's own seed (zoneSeed): its random numbers start afresh from it. */
  readonly seed: number;
  readonly warnings: PlanWarning[];
}

/** One zone's cores and figures; its warnings go onto `ctx.warnings`. */
export function planZone(zone: Zone, ctx: ZoneContext): PlannedZone {
  const rng = new Rng(ctx.seed);
  const outlineArea = areaMm2(zone.polygon);
  const excludedArea = zone.exclusions.reduce((sum, e) => sum + areaMm2(e), 0);
  const leftMm2 = outlineArea - excludedArea;
  const treatable = leftMm2 >= ENVELOPE.zone.minTreatableAreaMm2;
  const area = treatable ? leftMm2 : 0;
  const target = Math.round((ctx.coverageTarget * area) / ctx.coreAreaMm2);
  const distanceMm = ctx.minCentreDistanceMm + ROUNDING_MARGIN_MM;

  let pointsMm: Float64Array;
  let fields: PlanField[] | undefined;
  // The distance the cores were sampled at (the smallest of the fields'): every centre keeps
  // half of it from the zone's edges, so the spacing holds across zone borders too.
  let spacingMm = distanceMm;
  if (!treatable) {
    pointsMm = new Float64Array(0);
    if (ctx.pattern === 'fields') fields = [];
  } else if (ctx.pattern === 'fields') {
    ({ pointsMm, fields, spacingMm } = placeByFields(zone, area, target, distanceMm, ctx, rng));
  } else {
    const placed = placeCores(
      (d) => new ZoneDomain(zone, d / 2),
      target,
      distanceMm,
      insetArea(zone, area, distanceMm / 2),
      rng,
    );
    pointsMm = placed.pointsMm;
    spacingMm = placed.sampledDistanceMm;
  }

  const count = pointsMm.length / 2;
  const coverageFraction = treatable ? (count * ctx.coreAreaMm2) / area : 0;
  if (!treatable && leftMm2 >= NOTHING_LEFT_MM2) {
    ctx.warnings.push({
      code: 'zone.below-minimum-area',
      zone: zone.id,
      message:
        `zone "${zone.id}": ${round(leftMm2, 0.01)} mm² of treatable skin, less than the ` +
        `${ENVELOPE.zone.minTreatableAreaMm2} mm² (1 cm²) a zone needs; no cores are planned there — ` +
        'leave the zone out or move its exclusions',
    });
  } else if (!treatable) {
    ctx.warnings.push({
      code: 'zone.fully-excluded',
      zone: zone.id,
      message: `zone "${zone.id}": its exclusions leave no skin to treat; no cores are planned there — leave the zone out or move the exclusions`,
    });
  } else if (count < target && ctx.coverageTarget - coverageFraction > 0.0005) {
    ctx.warnings.push({
      code: 'zone.coverage-not-reached',
      zone: zone.id,
      message:
        `zone "${zone.id}": only ${count} of ${target} cores fit at the minimum bridge ` +
        `(${pct(coverageFraction)} of the ${pct(ctx.coverageTarget)} target); the zone is too small ` +
        'or the density too high — lower the coverage or the bridge (research mode)',
    });
  }
  const cores: PointMm[] = [];
  const roundedMm = new Float64Array(2 * count); // the cores as output, for the window
  for (let p = 0; p < count; p++) {
    const core: PointMm = [round(pointsMm[2 * p], ROUND_MM), round(pointsMm[2 * p + 1], ROUND_MM)];
    cores.push(core);
    roundedMm[2 * p] = core[0];
    roundedMm[2 * p + 1] = core[1];
  }
  const densest = densestWindow(roundedMm, ctx.coreMm, ENVELOPE.window.sideMm);
  const bridges = bridgeStats(pointsMm, ctx.coreMm, neighbourCellMm(ctx.minCentreDistanceMm));
  const plan: ZonePlan = {
    id: zone.id,
    label: zone.label,
    areaMm2: round(area, 0.01),
    polygon: zone.polygon,
    exclusions: zone.exclusions,
    coverageTarget: ctx.coverageTarget,
    coverageFraction: round(coverageFraction, 1e-6),
    coreCount: count,
    cores,
    minBridgeMm: bridges ? round(bridges.minMm, ROUND_MM) : null,
    p5BridgeMm: bridges ? round(bridges.p5Mm, ROUND_MM) : null,
    meanBridgeMm: bridges ? round(bridges.meanMm, ROUND_MM) : null,
    // Less what rounding the centres to 0.1 µm can take off a distance, rounded down.
    spacingMm: roundDown(spacingMm - ROUNDING_MARGIN_MM, ROUND_MM),
    worstWindowCoverageFraction: round(densest.coverageFraction, 1e-6),
    fieldCount: fields
      ? fields.filter((f) => f.coreCount > 0).length
      : countFields(pointsMm, zone, ctx.handpiece.fieldSideMm),
    ...(fields ? { fields } : {}),
  };
  return { plan, densest, roundedMm };
}

/**
 * Field by field, as the handpiece lays them: a grid of fields over the zone, visited in
 * serpentine rows; each field gets the cores its share of the zone's area calls for, kept half a
 * minimum distance inside the field's edges so neighbouring fields keep the spacing too.
 */
function placeByFields(
  zone: Zone,
  zoneArea: number,
  target: number,
  distanceMm: number,
  ctx: ZoneContext,
  rng: Rng,
): { pointsMm: Float64Array; fields: PlanField[]; spacingMm: number } {
  const marginMm = distanceMm / 2; // for the first guess of a field's room only
  let spacingMm = Number.POSITIVE_INFINITY;
  const side = ctx.handpiece.fieldSideMm;
  const b = boundsOf(zone.polygon);
  const columns = Math.ceil((b.maxXMm - b.minXMm) / side);
  const rows = Math.ceil((b.maxYMm - b.minYMm) / side);
  const parts: Float64Array[] = [];
  const fields: PlanField[] = [];
  let placed = 0;
  let areaSoFar = 0;
  for (let row = 0; row < rows; row++) {
    for (let step = 0; step < columns; step++) {
      const column = row % 2 === 0 ? step : columns - 1 - step;
      const rect = {
        minXMm: b.minXMm + column * side,
        minYMm: b.minYMm + row * side,
        maxXMm: b.minXMm + (column + 1) * side,
        maxYMm: b.minYMm + (row + 1) * side,
      };
      const fieldArea =
        areaMm2(clipToRectangle(zone.polygon, rect)) -
        zone.exclusions.reduce((sum, e) => sum + areaMm2(clipToRectangle(e, rect)), 0);
      if (fieldArea <= 1e-9) continue;
      // Quotas by cumulative area, so the zone's total is exactly the target.
      areaSoFar += fieldArea;
      const quota = Math.round((target * areaSoFar) / zoneArea) - placed;
      const inset = Math.max(
        0,
        fieldArea - 2 * (rect.maxXMm - rect.minXMm + rect.maxYMm - rect.minYMm) * marginMm,
      );
      const sample = placeCores(
        (d) => new ZoneDomain(zone, d / 2, rect),
        quota,
        distanceMm,
        inset,
        rng,
      );
      const points = sample.pointsMm;
      const count = points.length / 2;
      if (count > 0) spacingMm = Math.min(spacingMm, sample.sampledDistanceMm);
      fields.push({ originMm: [rect.minXMm, rect.minYMm], firstCore: placed, coreCount: count });
      parts.push(points);
      placed += count;
    }
  }
  const pointsMm = new Float64Array(2 * placed);
  let offset = 0;
  for (const part of parts) {
    pointsMm.set(part, offset);
    offset += part.length;
  }
  return { pointsMm, fields, spacingMm: Number.isFinite(spacingMm) ? spacingMm : distanceMm };
}

/** Area left for centres once the edge margin is taken off (a first guess for the sampler). */
function insetArea(zone: Zone, area: number, marginMm: number): number {
  let perimeter = 0;
  for (const ring of [zone.polygon, ...zone.exclusions]) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      perimeter += Math.hypot(ring[i][0] - ring[j][0], ring[i][1] - ring[j][1]);
    }
  }
  return Math.max(area * 0.05, area - perimeter * marginMm);
}

/**
 * The cell of the nearest-neighbour search (the distances are exact whatever the cell): a core's
 * nearest neighbour is at least the minimum centre distance away and nearly always less than
 * twice it, so cells of twice that find it in the 3 × 3 cells about the core, where cells of the
 * distance itself take 5 × 5 — about half the time.
 */
function neighbourCellMm(minCentreDistanceMm: number): number {
  return 2 * minCentreDistanceMm;
}

/** Handpiece placements for a blue-noise zone: grid fields over the zone that hold a core. */
function countFields(pointsMm: Float64Array, zone: Zone, sideMm: number): number {
  const b = boundsOf(zone.polygon);
  const used = new Set<number>();
  const columns = Math.ceil((b.maxXMm - b.minXMm) / sideMm) + 1;
  for (let p = 0; p < pointsMm.length; p += 2) {
    used.add(
      Math.floor((pointsMm[p + 1] - b.minYMm) / sideMm) * columns +
        Math.floor((pointsMm[p] - b.minXMm) / sideMm),
    );
  }
  return used.size;
}

function chooseZones(available: readonly Zone[], requested: readonly string[] | undefined): Zone[] {
  if (requested === undefined) return available.filter((z) => z.indicated);
  if (!Array.isArray(requested) || requested.length === 0) {
    invalid(
      'zones',
      `choose at least one zone: ${available.map((z) => z.id).join(', ')}`,
      'zone.none-selected',
    );
  }
  const chosen: Zone[] = [];
  for (const id of requested) {
    const zone = available.find((z) => z.id === id);
    if (!zone) {
      invalid(
        'zones',
        `unknown zone "${id}"; zones are ${zoneIds({ name: '', zones: available })}`,
        'zone.unknown',
      );
    }
    if (!chosen.includes(zone)) chosen.push(zone);
  }
  return chosen;
}

/** A handpiece's figures are positive and finite, its needle count whole: else a refusal naming it. */
export function checkHandpiece(handpiece: Handpiece): Handpiece {
  const positive = (name: keyof Handpiece, whole = false) => {
    const value = handpiece[name];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value <= 0 ||
      (whole && !Number.isInteger(value))
    )
      invalid(
        `handpiece.${name}`,
        `handpiece ${name} must be a ${whole ? 'whole number' : 'number'} above 0, got ${String(value)}`,
      );
  };
  positive('needleCount', true);
  positive('fieldSideMm');
  positive('secondsPerField');
  // Lifting and placing may take no time (a setting), never a negative one.
  const reposition = handpiece.repositionSecondsPerField;
  if (typeof reposition !== 'number' || !Number.isFinite(reposition) || reposition < 0)
    invalid(
      'handpiece.repositionSecondsPerField',
      `handpiece repositionSecondsPerField must be a number of seconds ≥ 0, got ${String(reposition)}`,
    );
  return handpiece;
}

/** A zone's own seed, so its pattern does not change when other zones are added or removed. */
function zoneSeed(seed: number, zoneId: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < zoneId.length; i++) h = Math.imul(h ^ zoneId.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function invalid(
  field: string,
  message: string,
  code: 'plan.invalid-input' | 'zone.unknown' | 'zone.none-selected' = 'plan.invalid-input',
): never {
  throw new MicrocoreError(code, message, field);
}

/** Round down to a power-of-ten step (a guarantee must not be rounded up). */
function roundDown(value: number, step: number): number {
  return round(Math.floor(value / step + 1e-9) * step, step);
}

/** Round to a power-of-ten step (1e-4, 0.01, …) without binary noise in the JSON. */
function round(value: number, step: number): number {
  return roundDecimals(value, Math.max(0, Math.round(-Math.log10(step))));
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}
