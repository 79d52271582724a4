import { ENVELOPE } from '../device/envelope.js';
import { MicrocoreError } from '../errors.js';
import {
  areaMm2,
  containsPoint,
  distanceToBoundaryMm,
  findSelfIntersection,
  type PointMm,
  type RingMm,
  segmentsCrossProperly,
} from '../geometry/polygon.js';
import { DEFAULT_TEMPLATE } from './defaultTemplate.js';
import type { FaceTemplate, Zone } from './zones.js';

/**
 * Smallest zone the planner accepts (mm²): below it, coverage cannot be placed meaningfully. The
 * envelope's limit (device/envelope.ts), which the planner applies again after a plan's exclusions.
 */
export const MIN_ZONE_AREA_MM2 = ENVELOPE.zone.minTreatableAreaMm2;
const MAX_COORDINATE_MM = 10_000;
const ZONE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Read a template from parsed JSON. Two forms:
 *  - `{ zones: [{ id, label?, indicated?, polygon: [[x, y], ...], exclusions?: [[[x, y], ...]] }] }`
 *    a whole custom template (measured on the patient);
 *  - `{ exclusions: { "cheek-left": [[[x, y], ...]], ... } }` the default template with
 *    exclusion areas (a mole, a scar) added to its zones.
 * Every problem is reported with the zone it is in and what to do.
 */
export function parseTemplate(json: unknown): FaceTemplate {
  if (!isObject(json))
    fail('template', 'the template must be a JSON object with "zones" or "exclusions"');
  if (json.zones !== undefined) {
    if (!Array.isArray(json.zones) || json.zones.length === 0) {
      fail('zones', 'template "zones" must be a non-empty array of zones');
    }
    const zones = json.zones.map((raw, index) => parseZone(raw, index));
    const name = typeof json.name === 'string' ? json.name : 'custom template';
    return validateTemplate({ name, zones });
  }
  if (json.exclusions !== undefined) {
    if (!isObject(json.exclusions)) {
      fail('exclusions', '"exclusions" must map zone ids to lists of polygons');
    }
    const added = json.exclusions;
    for (const id of Object.keys(added)) {
      if (!DEFAULT_TEMPLATE.zones.some((z) => z.id === id)) {
        fail(
          `exclusions.${id}`,
          `exclusions name an unknown zone "${id}"; zones are ${zoneIds(DEFAULT_TEMPLATE)}`,
        );
      }
    }
    const zones = DEFAULT_TEMPLATE.zones.map((zone) =>
      added[zone.id] === undefined
        ? zone
        : { ...zone, exclusions: parseRings(added[zone.id], zone.id, `exclusions.${zone.id}`) },
    );
    return validateTemplate({ name: `${DEFAULT_TEMPLATE.name} with exclusions`, zones });
  }
  return fail(
    'template',
    'the template must have "zones" (a custom template) or "exclusions" (added to the default)',
  );
}

/** Check a template's geometry; returns it unchanged when valid. */
export function validateTemplate(template: FaceTemplate): FaceTemplate {
  const seen = new Set<string>();
  for (const zone of template.zones) {
    if (seen.has(zone.id))
      fail('zones', `zone "${zone.id}" appears twice; give each zone its own id`);
    seen.add(zone.id);
    checkRing(zone.polygon, zone.id, 'outline');
    const outlineArea = areaMm2(zone.polygon);
    let treatableArea = outlineArea;
    zone.exclusions.forEach((exclusion, k) => {
      const what = `exclusion ${k + 1}`;
      checkRing(exclusion, zone.id, what);
      if (!ringInside(exclusion, zone.polygon)) {
        fail(
          `zones.${zone.id}.exclusions[${k}]`,
          `zone "${zone.id}": ${what} is not wholly inside the zone; draw it within the zone outline`,
        );
      }
      for (let other = 0; other < k; other++) {
        if (ringsOverlap(exclusion, zone.exclusions[other])) {
          fail(
            `zones.${zone.id}.exclusions[${k}]`,
            `zone "${zone.id}": ${what} overlaps exclusion ${other + 1}; merge them into one`,
          );
        }
      }
      treatableArea -= areaMm2(exclusion);
    });
    if (treatableArea < MIN_ZONE_AREA_MM2) {
      fail(
        `zones.${zone.id}`,
        `zone "${zone.id}": treatable area ${(treatableArea / 100).toFixed(2)} cm² is below the 1 cm² minimum; enlarge the zone or leave it out`,
      );
    }
  }
  for (let i = 0; i < template.zones.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = template.zones[i];
      const b = template.zones[j];
      if (ringsOverlap(a.polygon, b.polygon)) {
        fail(
          `zones.${a.id}`,
          `zone "${a.id}" overlaps zone "${b.id}"; zones may share an edge but not overlap`,
        );
      }
    }
  }
  return template;
}

export function zoneIds(template: FaceTemplate): string {
  return template.zones.map((z) => z.id).join(', ');
}

function parseZone(raw: unknown, index: number): Zone {
  const where = `zones[${index}]`;
  if (!isObject(raw))
    fail(where, `template zone ${index + 1} must be an object with "id" and "polygon"`);
  if (typeof raw.id !== 'string' || !ZONE_ID.test(raw.id)) {
    fail(
      `${where}.id`,
      `template zone ${index + 1}: id ${JSON.stringify(raw.id)} must be lower-case letters, digits and dashes (like "cheek-left")`,
    );
  }
  const id = raw.id;
  const polygon = parseRing(raw.polygon, id, 'outline', `${where}.polygon`);
  const exclusions =
    raw.exclusions === undefined ? [] : parseRings(raw.exclusions, id, `${where}.exclusions`);
  return {
    id,
    label: typeof raw.label === 'string' ? raw.label : id,
    indicated: raw.indicated === undefined ? true : raw.indicated === true,
    polygon,
    exclusions,
  };
}

function parseRings(raw: unknown, zoneId: string, field: string): RingMm[] {
  if (!Array.isArray(raw))
    fail(field, `zone "${zoneId}": exclusions must be a list of polygons [[[x, y], ...], ...]`);
  return raw.map((ring, k) => parseRing(ring, zoneId, `exclusion ${k + 1}`, `${field}[${k}]`));
}

function parseRing(raw: unknown, zoneId: string, what: string, field: string): RingMm {
  if (!Array.isArray(raw))
    fail(field, `zone "${zoneId}": ${what} must be a list of [x, y] points in mm`);
  const points: PointMm[] = raw.map((point, k) => {
    if (
      !Array.isArray(point) ||
      point.length !== 2 ||
      !point.every(
        (v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE_MM,
      )
    ) {
      fail(
        `${field}[${k}]`,
        `zone "${zoneId}": ${what} point ${k + 1} must be [x, y] with finite numbers in mm (|value| ≤ ${MAX_COORDINATE_MM})`,
      );
    }
    return [point[0], point[1]] as const;
  });
  // A closed ring may repeat its first point at the end; drop the repeat.
  const last = points[points.length - 1];
  if (points.length > 1 && last[0] === points[0][0] && last[1] === points[0][1]) points.pop();
  return points;
}

function checkRing(ring: RingMm, zoneId: string, what: string): void {
  if (ring.length < 3) fail(`zones.${zoneId}`, `zone "${zoneId}": ${what} needs at least 3 points`);
  const crossing = findSelfIntersection(ring);
  if (crossing) {
    fail(
      `zones.${zoneId}`,
      `zone "${zoneId}": ${what} crosses itself (the edge from ${edgeName(crossing[0], ring.length)} meets the edge from ${edgeName(crossing[1], ring.length)}); draw it as a simple closed polygon`,
    );
  }
  if (areaMm2(ring) <= 0) fail(`zones.${zoneId}`, `zone "${zoneId}": ${what} has no area`);
}

/** Whether ring a lies inside ring b (no proper edge crossing, every vertex inside or on b). */
function ringInside(a: RingMm, b: RingMm): boolean {
  if (edgesCross(a, b)) return false;
  return a.every(([x, y]) => containsPoint(b, x, y) || distanceToBoundaryMm(b, x, y) < 1e-9);
}

/** Whether two rings' interiors overlap (sharing edges or touching is allowed). */
function ringsOverlap(a: RingMm, b: RingMm): boolean {
  if (edgesCross(a, b)) return true;
  const strictlyInside = (ring: RingMm, other: RingMm) =>
    ring.some(([x, y]) => containsPoint(other, x, y) && distanceToBoundaryMm(other, x, y) > 1e-6);
  if (strictlyInside(a, b) || strictlyInside(b, a)) return true;
  // Vertices all on each other's boundary (same outline, or one drawn inside the other along its
  // edges): an interior point of either ring strictly inside the other means overlap.
  const insideOther = (ring: RingMm, other: RingMm) => {
    const [cx, cy] = interiorPoint(ring);
    return containsPoint(other, cx, cy) && distanceToBoundaryMm(other, cx, cy) > 1e-6;
  };
  return insideOther(a, b) || insideOther(b, a);
}

function edgesCross(a: RingMm, b: RingMm): boolean {
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (segmentsCrossProperly(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length]))
        return true;
    }
  }
  return false;
}

/** A point strictly inside a simple ring: the midpoint of a short diagonal-ish chord, or a vertex nudge. */
function interiorPoint(ring: RingMm): PointMm {
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const mx = (a[0] + b[0]) / 2;
    const my = (a[1] + b[1]) / 2;
    const nx = -(b[1] - a[1]);
    const ny = b[0] - a[0];
    const length = Math.hypot(nx, ny);
    for (const side of [1, -1]) {
      const p: PointMm = [mx + (side * nx * 1e-3) / length, my + (side * ny * 1e-3) / length];
      if (containsPoint(ring, p[0], p[1])) return p;
    }
  }
  return ring[0];
}

/** "point 3 to point 4" for edge 2 (0-based) of a ring of n points. */
function edgeName(edge: number, n: number): string {
  return `point ${edge + 1} to point ${((edge + 1) % n) + 1}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, message: string): never {
  throw new MicrocoreError('template.invalid', message, field);
}
