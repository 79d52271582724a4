/**
 * Measures of a core pattern: the skin bridge between each core and its nearest neighbour (the
 * densest 1 cm² window is densestWindow.ts). Points are interleaved x, y in mm.
 */

export interface BridgeStats {
  /** Smallest edge-to-edge bridge between two cores, mm. */
  readonly minMm: number;
  /** 5th percentile of each core's bridge to its nearest neighbour, mm. */
  readonly p5Mm: number;
  readonly meanMm: number;
}

/** Distance from each point to its nearest other point, mm (Infinity for a lone point). */
export function nearestNeighbourDistancesMm(pointsMm: Float64Array, cellMm: number): Float64Array {
  const count = pointsMm.length / 2;
  const result = new Float64Array(count).fill(Number.POSITIVE_INFINITY);
  if (count < 2) return result;
  const [minX, minY, maxX, maxY] = pointBounds(pointsMm);
  const gw = Math.floor((maxX - minX) / cellMm) + 1;
  const gh = Math.floor((maxY - minY) / cellMm) + 1;
  // Counting sort of the points into cells (CSR: start offsets, then members).
  const cellOf = new Int32Array(count);
  const start = new Int32Array(gw * gh + 1);
  for (let p = 0; p < count; p++) {
    const c =
      Math.floor((pointsMm[2 * p + 1] - minY) / cellMm) * gw +
      Math.floor((pointsMm[2 * p] - minX) / cellMm);
    cellOf[p] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < gw * gh; c++) start[c + 1] += start[c];
  const fill = start.slice(0, gw * gh);
  const members = new Int32Array(count);
  for (let p = 0; p < count; p++) members[fill[cellOf[p]]++] = p;

  for (let p = 0; p < count; p++) {
    const x = pointsMm[2 * p];
    const y = pointsMm[2 * p + 1];
    const ci = Math.floor((x - minX) / cellMm);
    const cj = Math.floor((y - minY) / cellMm);
    let best2 = Number.POSITIVE_INFINITY;
    // Search rings of cells outwards until the ring is farther than the best found.
    for (let ring = 0; ring <= Math.max(gw, gh); ring++) {
      const reach = (ring - 1) * cellMm;
      if (ring > 0 && reach > 0 && reach * reach > best2) break;
      for (let j = cj - ring; j <= cj + ring; j++) {
        if (j < 0 || j >= gh) continue;
        const edgeRow = j === cj - ring || j === cj + ring;
        for (let i = ci - ring; i <= ci + ring; i += edgeRow || ring === 0 ? 1 : 2 * ring) {
          if (i < 0 || i >= gw) continue;
          const c = j * gw + i;
          for (let m = start[c]; m < start[c + 1]; m++) {
            const q = members[m];
            if (q === p) continue;
            const dx = pointsMm[2 * q] - x;
            const dy = pointsMm[2 * q + 1] - y;
            const d2 = dx * dx + dy * dy;
            if (d2 < best2) best2 = d2;
          }
        }
      }
    }
    result[p] = Math.sqrt(best2);
  }
  return result;
}

/** The smallest edge-to-edge bridge between two cores, mm (bridgeStats' minMm without the rest). */
export function smallestBridgeMm(
  pointsMm: Float64Array,
  coreDiameterMm: number,
  cellMm: number,
): number | undefined {
  const distances = nearestNeighbourDistancesMm(pointsMm, cellMm);
  if (distances.length < 2) return undefined;
  let smallest = Number.POSITIVE_INFINITY;
  for (const d of distances) if (d < smallest) smallest = d;
  // d − core diameter only grows with d, so the smallest bridge is the smallest distance's.
  return smallest - coreDiameterMm;
}

export function bridgeStats(
  pointsMm: Float64Array,
  coreDiameterMm: number,
  cellMm: number,
): BridgeStats | undefined {
  const distances = nearestNeighbourDistancesMm(pointsMm, cellMm);
  if (distances.length < 2) return undefined;
  const bridges = distances.map((d) => d - coreDiameterMm).sort();
  let sum = 0;
  for (const b of bridges) sum += b;
  return {
    minMm: bridges[0],
    p5Mm: bridges[Math.floor(0.05 * (bridges.length - 1))],
    meanMm: sum / bridges.length,
  };
}

/** [minX, minY, maxX, maxY] of interleaved points. */
function pointBounds(pointsMm: Float64Array): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < pointsMm.length; k += 2) {
    minX = Math.min(minX, pointsMm[k]);
    maxX = Math.max(maxX, pointsMm[k]);
    minY = Math.min(minY, pointsMm[k + 1]);
    maxY = Math.max(maxY, pointsMm[k + 1]);
  }
  return [minX, minY, maxX, maxY];
}
