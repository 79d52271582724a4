import type { PointMm, RingMm, ScaleFactors } from '@microcore/core';

/**
 * Exclusions as the planner screen draws them: convex polygons on the chart (mm), the form the
 * core takes. Round ones (a mole, a filler site) are drawn from the centre outwards; a scar is a
 * capsule from one end to the other. Each polygon circumscribes its shape (its corners lie a
 * little outside the circle), so the whole round area is excluded, not just the polygon inside it.
 */
export type ExclusionKind = 'mole' | 'scar' | 'filler' | 'other';

export const EXCLUSION_KINDS: readonly { kind: ExclusionKind; label: string }[] = [
  { kind: 'mole', label: 'Mole' },
  { kind: 'scar', label: 'Scar' },
  { kind: 'filler', label: 'Filler site' },
  { kind: 'other', label: 'Other' },
];

export interface DrawnExclusion {
  /** This screen's own id for the exclusion (not sent). */
  readonly id: string;
  readonly kind: ExclusionKind;
  readonly polygon: RingMm;
}

/** Corners of a round exclusion; a capsule has half as many on each end. */
const ROUND_SEGMENTS = 24;
/** Coordinates are kept to the micrometre (3 decimals of a mm): plenty, and short in the JSON. */
const DECIMALS = 3;
export const MIN_RADIUS_MM = 0.5;
export const SCAR_WIDTH_MM = 2;

/** Sizes an exclusion added from the keyboard starts with, mm. */
export const DEFAULT_SIZE_MM: Readonly<Record<ExclusionKind, number>> = {
  mole: 3,
  filler: 5,
  other: 4,
  scar: 12,
};

/** A round exclusion: the regular polygon whose inscribed circle has this radius. */
export function roundExclusion(centreMm: PointMm, radiusMm: number): RingMm {
  const r = Math.max(radiusMm, MIN_RADIUS_MM) / Math.cos(Math.PI / ROUND_SEGMENTS);
  return Array.from({ length: ROUND_SEGMENTS }, (_, k) => {
    const angle = (2 * Math.PI * (k + 0.5)) / ROUND_SEGMENTS;
    return point(centreMm[0] + r * Math.cos(angle), centreMm[1] + r * Math.sin(angle));
  });
}

/**
 * A scar from one end to the other, `widthMm` wide, with round ends: every point within half the
 * width of the segment is inside. Ends closer than the minimum radius make a round exclusion.
 */
export function scarExclusion(fromMm: PointMm, toMm: PointMm, widthMm = SCAR_WIDTH_MM): RingMm {
  const dx = toMm[0] - fromMm[0];
  const dy = toMm[1] - fromMm[1];
  const length = Math.hypot(dx, dy);
  const half = Math.max(widthMm / 2, MIN_RADIUS_MM);
  if (length < MIN_RADIUS_MM) return roundExclusion(fromMm, half);
  const along = Math.atan2(dy, dx);
  const n = ROUND_SEGMENTS / 2;
  // n corners round each end at r = half / cos(π / 2n): every edge, the two long sides included,
  // is tangent to the capsule, so the polygon holds it whole and no three corners are in line.
  const r = half / Math.cos(Math.PI / (2 * n));
  const ring: PointMm[] = [];
  for (const [end, start] of [
    [toMm, along - Math.PI / 2],
    [fromMm, along + Math.PI / 2],
  ] as const) {
    for (let k = 0; k < n; k++) {
      const angle = start + (Math.PI * (k + 0.5)) / n;
      ring.push(point(end[0] + r * Math.cos(angle), end[1] + r * Math.sin(angle)));
    }
  }
  return ring;
}

/** The exclusion a keyboard user adds at a point: the kind's default size. */
export function defaultExclusion(kind: ExclusionKind, centreMm: PointMm): RingMm {
  const size = DEFAULT_SIZE_MM[kind];
  if (kind !== 'scar') return roundExclusion(centreMm, size);
  return scarExclusion(
    [centreMm[0] - size / 2, centreMm[1]],
    [centreMm[0] + size / 2, centreMm[1]],
  );
}

/** The shape a pointer drag from `startMm` to `endMm` draws for this kind. */
export function draggedExclusion(kind: ExclusionKind, startMm: PointMm, endMm: PointMm): RingMm {
  if (kind === 'scar') return scarExclusion(startMm, endMm);
  return roundExclusion(startMm, Math.hypot(endMm[0] - startMm[0], endMm[1] - startMm[1]));
}

export function translateRing(ring: RingMm, dxMm: number, dyMm: number): RingMm {
  return ring.map(([x, y]) => point(x + dxMm, y + dyMm));
}

/**
 * Exclusions drawn on one scaling of the face, moved with it to another: a point keeps its
 * place relative to the face (x by the ratio of the width scales, y of the height scales).
 */
export function rescaleRing(ring: RingMm, from: ScaleFactors, to: ScaleFactors): RingMm {
  if (from.x === to.x && from.y === to.y) return ring;
  return ring.map(([x, y]) => point((x * to.x) / from.x, (y * to.y) / from.y));
}

/** The mean of the corners: where the label and the keyboard's moves refer to. */
export function ringCentre(ring: RingMm): PointMm {
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0];
    y += p[1];
  }
  return [x / ring.length, y / ring.length];
}

function point(x: number, y: number): PointMm {
  return [round(x), round(y)];
}

function round(value: number): number {
  // toFixed, not a multiply, so the JSON holds 12.345 rather than 12.345000000000001; + 0 drops -0.
  return Number(value.toFixed(DECIMALS)) + 0;
}
