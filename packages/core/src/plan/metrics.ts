/**
 * Measures of a core pattern: the skin bridge between each core and its nearest neighbour, and
 * the worst local coverage over any 1 cm² window. Points are interleaved x, y in mm.
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

/**
 * The largest fraction of any `windowMm` × `windowMm` square removed by cores, counting a core
 * where its centre is. Windows are slid in steps of windowMm / stepsPerWindow.
 *
 * The points are binned (bins of one step); a window is `steps` × `steps` bins. A band of `steps`
 * rows is swept up the grid, each column's count in the band updated only by the points of the
 * row that enters and the row that leaves, and scanned along its columns with a running sum —
 * unless it holds no more points than the worst window so far. The same count as a summed-area
 * table over every window, in arrays of a row rather than of the whole grid (the face is 700,000
 * bins; its table was 3 MB a plan).
 */
export function worstWindowCoverageFraction(
  pointsMm: Float64Array,
  coreAreaMm2: number,
  windowMm = 10,
  stepsPerWindow = 40,
): number {
  const count = pointsMm.length / 2;
  if (count === 0) return 0;
  const [minX, minY, maxX, maxY] = pointBounds(pointsMm);
  // Keep the bin grid to a few million cells however large the area.
  let steps = stepsPerWindow;
  const binsFor = (s: number) =>
    ((maxX - minX) / (windowMm / s) + 2) * ((maxY - minY) / (windowMm / s) + 2);
  while (steps > 4 && binsFor(steps) > 4e6) steps = Math.floor(steps / 2);
  const binMm = windowMm / steps;
  const bw = Math.floor((maxX - minX) / binMm) + 1;
  const bh = Math.floor((maxY - minY) / binMm) + 1;
  // Each point's column, grouped by row (counting sort: rowStart[j]..rowStart[j+1]).
  const rowOf = new Int32Array(count);
  const rowStart = new Int32Array(bh + 1);
  for (let p = 0; p < count; p++) {
    rowOf[p] = Math.floor((pointsMm[2 * p + 1] - minY) / binMm);
    rowStart[rowOf[p] + 1]++;
  }
  for (let j = 0; j < bh; j++) rowStart[j + 1] += rowStart[j];
  const next = rowStart.slice(0, bh);
  const columnsByRow = new Int32Array(count);
  for (let p = 0; p < count; p++)
    columnsByRow[next[rowOf[p]]++] = Math.floor((pointsMm[2 * p] - minX) / binMm);

  // The band of rows [j0, j0 + rows): its points per column, and in all. Windows cut off by the
  // grid's far edges hold a part of the last whole window's points, never more: not looked at.
  const rows = Math.min(bh, steps);
  const columns = Math.min(bw, steps);
  const inBand = new Int32Array(bw);
  let bandTotal = 0;
  const addRow = (j: number, sign: 1 | -1) => {
    for (let m = rowStart[j]; m < rowStart[j + 1]; m++) inBand[columnsByRow[m]] += sign;
    bandTotal += sign * (rowStart[j + 1] - rowStart[j]);
  };
  for (let j = 0; j < rows; j++) addRow(j, 1);
  let worst = 0;
  for (let j0 = 0; j0 + rows <= bh; j0++) {
    if (j0 > 0) {
      addRow(j0 - 1, -1);
      addRow(j0 + rows - 1, 1);
    }
    if (bandTotal <= worst) continue;
    // The band's windows, left to right, as a running sum.
    let inside = 0;
    for (let i = 0; i < columns; i++) inside += inBand[i];
    if (inside > worst) worst = inside;
    for (let i = columns; i < bw; i++) {
      inside += inBand[i] - inBand[i - columns];
      if (inside > worst) worst = inside;
    }
  }
  return (worst * coreAreaMm2) / (windowMm * windowMm);
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
