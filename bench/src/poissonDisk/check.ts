/** Exact correctness checks on a point set, independent of any sampler's own grid. */

export interface CorrectnessResult {
  readonly count: number;
  /** Pairs closer than the minimum distance, each pair counted once. */
  readonly violatingPairs: number;
  /** The smallest centre-to-centre distance (exact for pairs closer than 2r; +∞ if none). */
  readonly smallestDistanceMm: number;
  /** Points outside [0, W) × [0, H), or not finite. */
  readonly outside: number;
}

export function checkPoints(
  pointsMm: Float64Array,
  widthMm: number,
  heightMm: number,
  minDistanceMm: number,
): CorrectnessResult {
  const count = pointsMm.length >> 1;
  let outside = 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const x = pointsMm[2 * i];
    const y = pointsMm[2 * i + 1];
    if (!(x >= 0 && x < widthMm && y >= 0 && y < heightMm)) outside++;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  if (!(maxX >= minX)) {
    return { count, violatingPairs: 0, smallestDistanceMm: Number.POSITIVE_INFINITY, outside };
  }

  // Hash grid with cell size r over the points' own bounding box (outside points included),
  // filled by counting sort: cellStart[c]..cellStart[c+1] index into `order`.
  const cellMm = minDistanceMm;
  const gw = Math.floor((maxX - minX) / cellMm) + 1;
  const gh = Math.floor((maxY - minY) / cellMm) + 1;
  const cellOf = new Int32Array(count).fill(-1);
  const cellStart = new Int32Array(gw * gh + 1);
  for (let i = 0; i < count; i++) {
    const x = pointsMm[2 * i];
    const y = pointsMm[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const c = Math.floor((y - minY) / cellMm) * gw + Math.floor((x - minX) / cellMm);
    cellOf[i] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < gw * gh; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, gw * gh);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) if (cellOf[i] >= 0) order[fill[cellOf[i]]++] = i;

  // A 5×5 block of r-cells holds every point closer than 2r, so the smallest distance is exact
  // whenever it is below 2r (it always is in a maximal packing); violations need only 3×3.
  const r2 = minDistanceMm * minDistanceMm;
  let violatingPairs = 0;
  let smallest2 = Number.POSITIVE_INFINITY;
  for (let cy = 0; cy < gh; cy++) {
    for (let cx = 0; cx < gw; cx++) {
      const c = cy * gw + cx;
      for (let a = cellStart[c]; a < cellStart[c + 1]; a++) {
        const i = order[a];
        const xi = pointsMm[2 * i];
        const yi = pointsMm[2 * i + 1];
        for (let ny = Math.max(0, cy - 2); ny <= Math.min(gh - 1, cy + 2); ny++) {
          for (let nx = Math.max(0, cx - 2); nx <= Math.min(gw - 1, cx + 2); nx++) {
            const n = ny * gw + nx;
            for (let b = cellStart[n]; b < cellStart[n + 1]; b++) {
              const j = order[b];
              if (j <= i) continue; // each pair once
              const dx = pointsMm[2 * j] - xi;
              const dy = pointsMm[2 * j + 1] - yi;
              const d2 = dx * dx + dy * dy;
              if (d2 < r2) violatingPairs++;
              if (d2 < smallest2) smallest2 = d2;
            }
          }
        }
      }
    }
  }
  return { count, violatingPairs, smallestDistanceMm: Math.sqrt(smallest2), outside };
}
