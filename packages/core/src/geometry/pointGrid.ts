/**
 * Points bucketed in square cells, for "which points lie near here" without a scan of all of
 * them. Answers are exact: the same points, and the same distances (Math.hypot), as a full scan.
 */
export class PointGrid {
  private readonly x0: number;
  private readonly y0: number;
  private readonly columns: number;
  private readonly rows: number;
  /** Points of cell c are order[cellStart[c] .. cellStart[c+1]) (indices into the input). */
  private readonly cellStart: Int32Array;
  private readonly order: Int32Array;

  /** @param xy interleaved x, y (mm) @param cellMm side of a cell, mm */
  constructor(
    private readonly xy: Float64Array,
    private readonly cellMm: number,
  ) {
    if (!(cellMm > 0)) throw new RangeError('cell size must be positive');
    const count = xy.length / 2;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      x0 = Math.min(x0, xy[2 * i]);
      x1 = Math.max(x1, xy[2 * i]);
      y0 = Math.min(y0, xy[2 * i + 1]);
      y1 = Math.max(y1, xy[2 * i + 1]);
    }
    this.x0 = count > 0 ? x0 : 0;
    this.y0 = count > 0 ? y0 : 0;
    this.columns = count > 0 ? Math.floor((x1 - x0) / cellMm) + 1 : 1;
    this.rows = count > 0 ? Math.floor((y1 - y0) / cellMm) + 1 : 1;
    const cellOf = new Int32Array(count);
    this.cellStart = new Int32Array(this.columns * this.rows + 1);
    for (let i = 0; i < count; i++) {
      cellOf[i] = this.cell(xy[2 * i], xy[2 * i + 1]);
      this.cellStart[cellOf[i] + 1]++;
    }
    for (let c = 0; c < this.columns * this.rows; c++) this.cellStart[c + 1] += this.cellStart[c];
    const fill = this.cellStart.slice(0, -1);
    this.order = new Int32Array(count);
    for (let i = 0; i < count; i++) this.order[fill[cellOf[i]]++] = i;
  }

  private cell(x: number, y: number): number {
    const i = Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.x0) / this.cellMm)));
    const j = Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.y0) / this.cellMm)));
    return j * this.columns + i;
  }

  /**
   * Calls `visit(index, distanceMm)` for every point within `reachMm` of (x, y) (distance by
   * Math.hypot, as a scan would compute it), in no particular order.
   */
  forEachWithin(
    x: number,
    y: number,
    reachMm: number,
    visit: (index: number, distanceMm: number) => void,
  ): void {
    this.scan(x, y, reachMm, visit);
  }

  /**
   * The distance to the nearest point if one lies within `reachMm`, else +∞. Searches a growing
   * square: a point found within the square's half-side is the nearest of all.
   */
  nearestWithinMm(x: number, y: number, reachMm: number): number {
    for (let radius = Math.min(this.cellMm, reachMm); ; radius = Math.min(2 * radius, reachMm)) {
      const best = this.scan(x, y, radius);
      if (best <= radius) return best;
      if (radius >= reachMm) return Number.POSITIVE_INFINITY;
    }
  }

  /** Visits the points within `reachMm` and returns the smallest distance among them (+∞ if none). */
  private scan(
    x: number,
    y: number,
    reachMm: number,
    visit?: (index: number, distanceMm: number) => void,
  ): number {
    const { xy, cellMm, columns, rows, cellStart, order } = this;
    // Cells overlapping the square around the disc, one cell wider for rounding at cell edges.
    const i0 = Math.max(0, Math.floor((x - reachMm - this.x0) / cellMm) - 1);
    const i1 = Math.min(columns - 1, Math.floor((x + reachMm - this.x0) / cellMm) + 1);
    const j0 = Math.max(0, Math.floor((y - reachMm - this.y0) / cellMm) - 1);
    const j1 = Math.min(rows - 1, Math.floor((y + reachMm - this.y0) / cellMm) + 1);
    let best = Number.POSITIVE_INFINITY;
    const reachSquared = reachMm * reachMm * (1 + 1e-9) + 1e-300;
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const c = j * columns + i;
        for (let k = cellStart[c]; k < cellStart[c + 1]; k++) {
          const p = order[k];
          const dx = xy[2 * p] - x;
          const dy = xy[2 * p + 1] - y;
          // Far points are ruled out by the squared distance (with room for its rounding) before
          // Math.hypot, which the answer is measured by, is called.
          if (dx * dx + dy * dy > reachSquared) continue;
          const distance = Math.hypot(dx, dy);
          if (distance > reachMm) continue;
          if (distance < best) best = distance;
          visit?.(p, distance);
        }
      }
    }
    return best;
  }
}
