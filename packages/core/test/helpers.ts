import { RectangleDomain, type SamplingDomain } from '../src/index.js';

/** The domain [x0, x1) × [y0, y1), for sampler tests. */
export function rectangleDomain(x0: number, y0: number, x1: number, y1: number): SamplingDomain {
  return new RectangleDomain(x0, y0, x1, y1);
}

/** Smallest distance between any two points, by brute force over a coarse hash (independent of src). */
export function minimumPairDistance(
  points: ReadonlyArray<readonly [number, number]>,
  cellMm: number,
): number {
  const cells = new Map<string, number[]>();
  points.forEach(([x, y], i) => {
    const key = `${Math.floor(x / cellMm)},${Math.floor(y / cellMm)}`;
    const list = cells.get(key);
    if (list) list.push(i);
    else cells.set(key, [i]);
  });
  let best = Number.POSITIVE_INFINITY;
  points.forEach(([x, y], i) => {
    const cx = Math.floor(x / cellMm);
    const cy = Math.floor(y / cellMm);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (j <= i) continue;
          best = Math.min(best, Math.hypot(points[j][0] - x, points[j][1] - y));
        }
      }
    }
  });
  return best;
}

export function pairs(pointsMm: Float64Array): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let p = 0; p < pointsMm.length; p += 2) out.push([pointsMm[p], pointsMm[p + 1]]);
  return out;
}
