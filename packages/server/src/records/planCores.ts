import type { Plan } from '@microcore/core';

/**
 * How a plan is stored (migration 017): the plan value without its zones' `cores` as jsonb (the
 * "head"), and the cores, which are nearly all of a plan's size, as bytes in `plans.cores`.
 * jsonb keeps every coordinate as a numeric, which made storing the largest clinical plan hold
 * embedded PGlite's thread (then the event loop) for a hundred milliseconds and more; as bytes
 * it is a few.
 *
 * Format 1, every integer a big-endian int32 (the order of SQL's int4send, so migration 017
 * builds the same bytes from the old jsonb):
 *
 *   byte 0      the format, 1
 *   int32       number of zones
 *   per zone, in the plan's zone order:
 *     int32     number of cores
 *     per core, in the zone's order: int32 x, int32 y, in units of 1e-4 mm
 *
 * 1e-4 mm (0.1 µm) is the grid the planner rounds every coordinate to (core plan/planner.ts,
 * ROUND_MM): each coordinate is a whole number of units, so the bytes hold it exactly. A value
 * off that grid, or beyond int32 (±214 m), is refused: that would be a bug, never rounded away.
 *
 * This lives in the server: only its database stores plans this way; the CLI and the web app
 * see the plan as JSON.
 */
export const PLAN_CORES_FORMAT = 1;
/** Units of a stored coordinate per millimetre. */
export const CORE_UNITS_PER_MM = 10_000;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
/** The format byte and the number of zones. */
const HEADER_BYTES = 5;

/** Stored cores that cannot be written or read back exactly: a bug or damaged data, a 500. */
export class PlanCoresError extends Error {
  override readonly name = 'PlanCoresError';
}

/** One core's centre, mm. */
export type CoreMm = readonly [number, number];

/** The plan's cores, zone by zone in zone order, as format-1 bytes. */
export function encodePlanCores(zones: readonly (readonly CoreMm[])[]): Uint8Array {
  const cores = zones.reduce((sum, zone) => sum + zone.length, 0);
  const bytes = new Uint8Array(HEADER_BYTES + 4 * zones.length + 8 * cores);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, PLAN_CORES_FORMAT);
  view.setInt32(1, zones.length);
  let at = HEADER_BYTES;
  zones.forEach((zone, z) => {
    view.setInt32(at, zone.length);
    at += 4;
    zone.forEach((core, c) => {
      view.setInt32(at, toUnits(core[0], z, c));
      view.setInt32(at + 4, toUnits(core[1], z, c));
      at += 8;
    });
  });
  return bytes;
}

/** Format-1 bytes back to the cores, zone by zone: the same numbers that were encoded. */
export function decodePlanCores(bytes: Uint8Array): [number, number][][] {
  if (bytes.byteLength < HEADER_BYTES)
    throw new PlanCoresError(`stored cores: ${bytes.byteLength} bytes, shorter than a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint8(0);
  if (format !== PLAN_CORES_FORMAT)
    throw new PlanCoresError(`stored cores: format ${format}, this server reads only 1`);
  const zoneCount = view.getInt32(1);
  const zones: [number, number][][] = [];
  let at = HEADER_BYTES;
  for (let z = 0; z < zoneCount; z++) {
    if (at + 4 > bytes.byteLength) throw truncated(z);
    const count = view.getInt32(at);
    at += 4;
    if (count < 0 || at + 8 * count > bytes.byteLength) throw truncated(z);
    const cores: [number, number][] = new Array(count);
    // Division, not multiplication by 1e-4: n / 10000 is the double nearest the decimal n·10⁻⁴,
    // as the planner's Number(x.toFixed(4)) is; n * 1e-4 is off by an ulp for some n.
    for (let c = 0; c < count; c++, at += 8)
      cores[c] = [view.getInt32(at) / CORE_UNITS_PER_MM, view.getInt32(at + 4) / CORE_UNITS_PER_MM];
    zones.push(cores);
  }
  if (at !== bytes.byteLength)
    throw new PlanCoresError(`stored cores: ${bytes.byteLength - at} bytes after the last zone`);
  return zones;
}

/** A plan as it is stored: the head as JSON text, the cores as base64 of format-1 bytes. */
export interface StoredPlanForm {
  readonly headJson: string;
  readonly coresBase64: string;
}

/**
 * Split a plan into its stored form. Base64 text, not bytes, is what goes to the database (SQL
 * decodes it): a byte parameter costs embedded PGlite a hex string built in JavaScript.
 */
export function toStoredPlanForm(plan: Plan): StoredPlanForm {
  const head = { ...plan, zones: plan.zones.map(({ cores: _cores, ...zone }) => zone) };
  const bytes = encodePlanCores(plan.zones.map((zone) => zone.cores));
  return {
    headJson: JSON.stringify(head),
    coresBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  };
}

/**
 * The whole plan from its stored head and cores: each zone gets its cores back. Refuses a head
 * and cores that do not belong together (zone counts, or a zone's `coreCount`).
 */
export function joinStoredPlan(
  head: Record<string, unknown>,
  coresBytes: Uint8Array,
): Record<string, unknown> {
  const cores = decodePlanCores(coresBytes);
  const zones = head.zones;
  if (!Array.isArray(zones) || zones.length !== cores.length)
    throw new PlanCoresError(
      `stored plan: ${Array.isArray(zones) ? zones.length : 'no'} zones in the head, ${cores.length} in the cores`,
    );
  return {
    ...head,
    zones: zones.map((zone: unknown, z) => {
      const zoneCores = cores[z] as [number, number][];
      if (typeof zone !== 'object' || zone === null || !('coreCount' in zone))
        throw new PlanCoresError(`stored plan: zone ${z} of the head is not a zone`);
      if (zone.coreCount !== zoneCores.length)
        throw new PlanCoresError(
          `stored plan: zone ${z} has coreCount ${String(zone.coreCount)} and ${zoneCores.length} stored cores`,
        );
      return { ...zone, cores: zoneCores };
    }),
  };
}

/** A coordinate, mm, as a whole number of 1e-4 mm; refused unless that is exact. */
function toUnits(mm: number, zone: number, core: number): number {
  const units = Math.round(mm * CORE_UNITS_PER_MM);
  if (units / CORE_UNITS_PER_MM !== mm || units < INT32_MIN || units > INT32_MAX)
    throw new PlanCoresError(
      `zone ${zone}, core ${core}: ${mm} mm is not a whole number of 1e-4 mm within int32; the planner rounds every coordinate to that grid`,
    );
  return units;
}

function truncated(zone: number): PlanCoresError {
  return new PlanCoresError(`stored cores: cut short in zone ${zone}`);
}
