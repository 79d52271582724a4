import type { Zone } from '../anatomy/zones.js';
import { checkBridge, checkCoreDiameter, ENVELOPE, type PlanMode } from '../device/envelope.js';
import type { Handpiece } from '../device/handpiece.js';
import { MicrocoreError } from '../errors.js';
import { PointGrid } from '../geometry/pointGrid.js';
import { boundsOf, type PointMm, type RingMm } from '../geometry/polygon.js';
import { MAX_COORDINATE_MM } from '../plan/exclusions.js';
import { checkHandpiece } from '../plan/planner.js';
import { MAX_PLAN_CORES } from '../plan/size.js';
import { ZoneDomain } from '../plan/zoneDomain.js';

/**
 * What a delivery session runs on, read once from the stored plan and the handpiece: the zones,
 * the planned cores and the raster of planned fields, the rules' figures. Immutable. A plan is
 * not trusted: every figure is checked, and every core it plans still goes through the guard.
 */
export interface SessionZone {
  readonly id: string;
  readonly zone: Zone;
  /** Treatable area, mm² (the plan's). */
  readonly areaMm2: number;
  readonly coverageTarget: number;
  readonly targetCores: number;
  /** Distance the plan's cores keep, mm: a fresh pattern keeps it too (≥ the minimum). */
  readonly spacingMm: number;
  /** Where a fresh core's centre may go: half the spacing inside the zone, as the planner keeps. */
  readonly freshDomain: ZoneDomain;
  readonly cores: readonly PointMm[];
}

/** A square of the plan's raster over a zone, holding planned cores (pose: its centre, unturned). */
export interface PlannedField {
  readonly zone: number;
  readonly xMm: number;
  readonly yMm: number;
  /** Global indices (SessionPlan.planned*) of its planned cores. */
  readonly cores: readonly number[];
}

export interface SessionPlan {
  readonly mode: PlanMode;
  readonly seed: number;
  readonly coreDiameterMm: number;
  readonly coreAreaMm2: number;
  /** Core diameter + minimum bridge: no two cores' centres closer (the plan's rule). */
  readonly minCentreDistanceMm: number;
  /** The ceiling of a zone's and of every 10 × 10 mm square's coverage, for the plan's mode. */
  readonly ceilingFraction: number;
  readonly windowSideMm: number;
  readonly fieldSideMm: number;
  readonly zones: readonly SessionZone[];
  /** All planned cores, zone after zone: x, y interleaved; their zone and index in it. */
  readonly plannedMm: Float64Array;
  readonly plannedZone: Int32Array;
  readonly plannedLocal: Int32Array;
  /** First global index of each zone's planned cores (zones.length + 1 entries). */
  readonly plannedStart: Int32Array;
  readonly plannedGrid: PointGrid;
  /** The planned field each planned core lies in. */
  readonly plannedField: Int32Array;
  readonly fields: readonly PlannedField[];
  /** Bounds of everything the session may touch, mm. */
  readonly bounds: { minXMm: number; minYMm: number; maxXMm: number; maxYMm: number };
  readonly fingerprint: string;
}

/** Read a stored plan (`microcore plan --json`, any readable format) for a session. */
export function sessionPlanOf(raw: unknown, handpiece: Handpiece): SessionPlan {
  checkHandpiece(handpiece);
  const plan = object(raw, 'plan');
  if (plan.kind !== 'microcore.plan')
    bad('kind', 'is not a microcore plan (kind "microcore.plan")');
  if (plan.mode !== 'clinical' && plan.mode !== 'research')
    bad('mode', 'must be "clinical" or "research"');
  const mode: PlanMode = plan.mode;
  const seed = plan.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0)
    bad('seed', 'must be a whole number ≥ 0');
  const needle = object(plan.needle, 'needle');
  const coreDiameterMm = positive(needle.coreDiameterMm, 'needle.coreDiameterMm');
  const gauge = typeof needle.gauge === 'string' ? needle.gauge : 'needle';
  // The scar threshold and the bridge rule, from their one place.
  rethrown(() => checkCoreDiameter(coreDiameterMm, gauge));
  const bridgeMm = finite(plan.bridgeMinMm, 'bridgeMinMm');
  rethrown(() => checkBridge(bridgeMm, coreDiameterMm, mode));
  const minCentreDistanceMm = coreDiameterMm + bridgeMm;
  const coreAreaMm2 = (Math.PI * coreDiameterMm * coreDiameterMm) / 4;

  if (!Array.isArray(plan.zones) || plan.zones.length === 0)
    bad('zones', 'must be a list of at least one zone');
  let total = 0;
  const zones: SessionZone[] = plan.zones.map((rawZone: unknown, z: number): SessionZone => {
    const at = `zones[${z}]`;
    const zone = object(rawZone, at);
    if (typeof zone.id !== 'string' || zone.id === '') bad(`${at}.id`, 'must be a name');
    const polygon = ring(zone.polygon, `${at}.polygon`);
    if (!Array.isArray(zone.exclusions)) bad(`${at}.exclusions`, 'must be a list of polygons');
    const exclusions = zone.exclusions.map((e: unknown, k: number) =>
      ring(e, `${at}.exclusions[${k}]`),
    );
    const areaMm2 = finite(zone.areaMm2, `${at}.areaMm2`);
    if (areaMm2 < 0) bad(`${at}.areaMm2`, 'must be ≥ 0');
    const coverageTarget = finite(zone.coverageTarget, `${at}.coverageTarget`);
    if (!Array.isArray(zone.cores)) bad(`${at}.cores`, 'must be a list of points');
    total += zone.cores.length;
    if (total > MAX_PLAN_CORES)
      bad('zones', `hold more than ${MAX_PLAN_CORES.toLocaleString('en-US')} cores`);
    const cores = zone.cores.map((p: unknown, k: number) => point(p, `${at}.cores[${k}]`));
    const spacing = zone.spacingMm === undefined ? minCentreDistanceMm : zone.spacingMm;
    if (typeof spacing !== 'number' || !Number.isFinite(spacing))
      bad(`${at}.spacingMm`, 'must be a number');
    const spacingMm = Math.max(minCentreDistanceMm, spacing);
    const asZone: Zone = {
      id: zone.id,
      label: typeof zone.label === 'string' ? zone.label : zone.id,
      indicated: true,
      polygon,
      exclusions,
    };
    return {
      id: zone.id,
      zone: asZone,
      areaMm2,
      coverageTarget,
      targetCores: cores.length,
      spacingMm,
      freshDomain: new ZoneDomain(asZone, spacingMm / 2),
      cores,
    };
  });
  const ids = new Set(zones.map((z) => z.id));
  if (ids.size !== zones.length) bad('zones', 'name a zone twice');

  const plannedMm = new Float64Array(2 * total);
  const plannedZone = new Int32Array(total);
  const plannedLocal = new Int32Array(total);
  const plannedStart = new Int32Array(zones.length + 1);
  let g = 0;
  zones.forEach((zone, z) => {
    plannedStart[z] = g;
    zone.cores.forEach(([x, y], k) => {
      plannedMm[2 * g] = x;
      plannedMm[2 * g + 1] = y;
      plannedZone[g] = z;
      plannedLocal[g] = k;
      g++;
    });
  });
  plannedStart[zones.length] = g;
  const { fields, plannedField } = rasterFields(
    zones,
    plannedMm,
    plannedStart,
    handpiece.fieldSideMm,
  );

  let minXMm = Number.POSITIVE_INFINITY;
  let minYMm = Number.POSITIVE_INFINITY;
  let maxXMm = Number.NEGATIVE_INFINITY;
  let maxYMm = Number.NEGATIVE_INFINITY;
  for (const zone of zones) {
    const b = boundsOf(zone.zone.polygon);
    minXMm = Math.min(minXMm, b.minXMm);
    minYMm = Math.min(minYMm, b.minYMm);
    maxXMm = Math.max(maxXMm, b.maxXMm);
    maxYMm = Math.max(maxYMm, b.maxYMm);
  }
  return {
    mode,
    seed,
    coreDiameterMm,
    coreAreaMm2,
    minCentreDistanceMm,
    ceilingFraction: ENVELOPE.coverage[mode].maxFraction,
    windowSideMm: ENVELOPE.window.sideMm,
    fieldSideMm: handpiece.fieldSideMm,
    zones,
    plannedMm,
    plannedZone,
    plannedLocal,
    plannedStart,
    plannedGrid: new PointGrid(plannedMm, Math.max(1, handpiece.fieldSideMm / 4)),
    plannedField,
    fields,
    bounds: { minXMm, minYMm, maxXMm, maxYMm },
    fingerprint: fingerprint([
      mode,
      seed,
      coreDiameterMm,
      bridgeMm,
      handpiece.fieldSideMm,
      zones.map((z) => [
        z.id,
        z.areaMm2,
        z.coverageTarget,
        z.spacingMm,
        z.zone.polygon,
        z.zone.exclusions,
        z.cores,
      ]),
    ]),
  };
}

/**
 * The plan's raster of fields, as the planner lays pattern `fields` (plan/planner.ts): squares of
 * the field side from each zone's lower-left bound, rows bottom to top, serpentine; each planned
 * core belongs to the square its centre is in (half-open), so every one is in exactly one field.
 */
function rasterFields(
  zones: readonly SessionZone[],
  plannedMm: Float64Array,
  plannedStart: Int32Array,
  sideMm: number,
): { fields: PlannedField[]; plannedField: Int32Array } {
  const fields: PlannedField[] = [];
  const plannedField = new Int32Array(plannedMm.length / 2);
  zones.forEach((zone, z) => {
    const b = boundsOf(zone.zone.polygon);
    const columns = Math.max(1, Math.ceil((b.maxXMm - b.minXMm) / sideMm));
    const byCell = new Map<number, number[]>();
    for (let g = plannedStart[z]; g < plannedStart[z + 1]; g++) {
      // A (hostile) core off the zone's box still gets a square: clamp it to the raster.
      const column = Math.min(
        columns - 1,
        Math.max(0, Math.floor((plannedMm[2 * g] - b.minXMm) / sideMm)),
      );
      const row = Math.max(0, Math.floor((plannedMm[2 * g + 1] - b.minYMm) / sideMm));
      const step = row % 2 === 0 ? column : columns - 1 - column;
      const key = row * columns + step;
      const list = byCell.get(key);
      if (list) list.push(g);
      else byCell.set(key, [g]);
    }
    for (const key of [...byCell.keys()].sort((a, c) => a - c)) {
      const row = Math.floor(key / columns);
      const step = key % columns;
      const column = row % 2 === 0 ? step : columns - 1 - step;
      const cores = byCell.get(key) as number[];
      for (const g of cores) plannedField[g] = fields.length;
      fields.push({
        zone: z,
        xMm: b.minXMm + (column + 0.5) * sideMm,
        yMm: b.minYMm + (row + 0.5) * sideMm,
        cores,
      });
    }
  });
  return { fields, plannedField };
}

/** Two FNV-1a hashes of the JSON: a check that a stored state is read with its own plan, not security. */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (b >>> 15)) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON object, read field by field and checked
type Json = Record<string, any>;

function object(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    bad(field, 'must be an object');
  return value as Json;
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) bad(field, 'must be a finite number');
  return value;
}

function positive(value: unknown, field: string): number {
  const n = finite(value, field);
  if (n <= 0) bad(field, 'must be above 0');
  return n;
}

function point(value: unknown, field: string): PointMm {
  if (!Array.isArray(value) || value.length !== 2) bad(field, 'must be a point [x, y] in mm');
  const x = finite(value[0], field);
  const y = finite(value[1], field);
  if (Math.abs(x) > MAX_COORDINATE_MM || Math.abs(y) > MAX_COORDINATE_MM)
    bad(field, `must lie within ${MAX_COORDINATE_MM} mm of the chart's origin`);
  return [x, y];
}

function ring(value: unknown, field: string): RingMm {
  if (!Array.isArray(value) || value.length < 3 || value.length > 10_000)
    bad(field, 'must be a polygon of 3 to 10,000 points');
  return value.map((p, k) => point(p, `${field}[${k}]`));
}

/** An envelope refusal of the plan, said as a refusal of the plan (its own code and message kept). */
function rethrown<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof MicrocoreError)
      throw new MicrocoreError(
        'delivery.invalid-plan',
        `the plan cannot be delivered: ${error.message}`,
        error.field,
      );
    throw error;
  }
}

function bad(field: string, what: string): never {
  throw new MicrocoreError('delivery.invalid-plan', `the plan's ${field} ${what}`, field);
}
