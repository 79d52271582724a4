import type { Rng } from '../rng.js';

/**
 * Poisson-disk (blue-noise) sampling on typed arrays — the planner's hot path.
 *
 * The method is Bridson's (SIGGRAPH 2007 sketch) in Martin Roberts' variant: a candidate is placed
 * exactly one minimum distance (plus a hair) from its parent, and the parent's candidate angle
 * advances by a fixed step, so few tries are wasted and the packing is dense. What makes it fast:
 *  - The background grid (cell = r/√2, at most one point per cell) stores each point's position
 *    *inside its cell* as two float32 offsets in cell units: 8 bytes a cell, no indirection, and
 *    the grid is the only copy of the points until they are returned.
 *  - A parent gathers the few points near it once per visit; its tries then test that short list
 *    instead of walking the grid, and turns come from small tables instead of Math.cos/sin.
 *  - Instead of one random seed, a sweep visits every cell once and throws a dart into each empty
 *    admissible cell, growing from every dart that lands. That seeds every connected piece of a
 *    non-convex region (a zone cut in two by an exclusion) and fills what the front left open.
 *
 * Distances inside are in cell units, where the minimum distance r is √2. Every accepted point is
 * at least r from every other, tested on the stored (float32-quantised) positions themselves.
 */

/** The region the centres may lie in. Coordinates in mm. */
export interface SamplingDomain {
  readonly minXMm: number;
  readonly minYMm: number;
  readonly maxXMm: number;
  readonly maxYMm: number;
  /**
   * Classify an axis-aligned square: 0 = no admissible point in it, 1 = every point admissible,
   * 2 = mixed (each candidate is then tested with `contains`). Must be conservative: answer 2
   * when unsure.
   */
  classifySquare(minXMm: number, minYMm: number, sizeMm: number): 0 | 1 | 2;
  /** Whether a centre at (xMm, yMm) is admissible. */
  contains(xMm: number, yMm: number): boolean;
}

export interface PoissonDiskOptions {
  /** Minimum centre-to-centre distance, mm. */
  readonly minDistanceMm: number;
  readonly rng: Rng;
  /** Angular steps around a parent (Roberts' k, 30 by default as in his and Bridson's papers). */
  readonly triesPerPoint?: number;
}

export interface PoissonDiskResult {
  /** Interleaved x, y (mm) of the points, in the order they were placed. */
  readonly pointsMm: Float64Array;
  readonly count: number;
}

const PAD = 3; // cells of padding on every side, so a 7×7 gather never leaves the grid
const EMPTY = 1e6; // sentinel offset of an empty cell: far from everything
const R2_CELLS = 2; // r² in cell units
// Candidate distance from its parent, cell units: r plus more than float32 rounding can take.
const STEP_OUT = Math.SQRT2 + 1e-6;
// A try tests unquantised positions against r² plus a margin larger than what float32 rounding of
// the accepted point can take away, so the stored points keep R2_CELLS exactly.
const R2_TEST_CELLS = R2_CELLS + 1e-6;
// Points farther than r + STEP_OUT from a parent cannot come within r of its candidates.
const GATHER_R2_CELLS = (Math.SQRT2 + STEP_OUT) ** 2 * (1 + 1e-9);
const MAX_NEAR = 64; // 7×7 cells, one point each (the last slot is scratch)
const TURN_TABLE_SIZE = 64;

// Cells that can hold a point closer than r to a dart (5×5 less the corners), nearest first.
const DART_DX = [-1, 1, 0, 0, -1, 1, -1, 1, -2, 2, 0, 0, -2, 2, -2, 2, -1, 1, -1, 1];
const DART_DY = [0, 0, -1, 1, -1, -1, 1, 1, 0, 0, -2, 2, -1, -1, 1, 1, -2, -2, 2, 2];

export function samplePoissonDisk(
  domain: SamplingDomain,
  options: PoissonDiskOptions,
): PoissonDiskResult {
  const r = options.minDistanceMm;
  if (!(r > 0) || !Number.isFinite(r)) {
    throw new RangeError(`minimum distance must be a positive number of mm, got ${r}`);
  }
  const tries = Math.max(6, Math.floor(options.triesPerPoint ?? 30));
  const sampler = new DiskSampler(domain, r, tries, options.rng);
  sampler.fill();
  return sampler.result();
}

class DiskSampler {
  private readonly cellMm: number;
  private readonly originXMm: number;
  private readonly originYMm: number;
  private readonly gw: number;
  private readonly cellCount: number;
  /** Offsets of each cell's point inside the cell (cell units), EMPTY when it has none. */
  private readonly fx: Float32Array;
  private readonly fy: Float32Array;
  /** Admissibility of each cell, as SamplingDomain.classifySquare (padding is 0). */
  private readonly cls: Uint8Array;
  /** The placed points, interleaved x, y in mm, in placement order (grown as needed). */
  private pointsMm: Float64Array;
  private placedCount = 0;
  /** Active points: cell, current direction (cos, sin) and angular steps used. */
  private activeCell = new Int32Array(1024);
  private activeCos = new Float64Array(1024);
  private activeSin = new Float64Array(1024);
  private activeTries = new Int32Array(1024);
  private activeCount = 0;
  /** Points near the parent under visit, absolute cell units. */
  private readonly nearU = new Float64Array(MAX_NEAR);
  private readonly nearV = new Float64Array(MAX_NEAR);
  private readonly dartDelta: Int32Array;
  private readonly dartDx = Float64Array.from(DART_DX);
  private readonly dartDy = Float64Array.from(DART_DY);
  // One angular step, and the turn tables (a turn drawn from TURN_TABLE_SIZE evenly spaced values).
  private readonly cosStep: number;
  private readonly sinStep: number;
  private readonly triesOnSuccess: number;
  private readonly firstTurnCos = new Float64Array(TURN_TABLE_SIZE);
  private readonly firstTurnSin = new Float64Array(TURN_TABLE_SIZE);
  private readonly successTurnCos = new Float64Array(TURN_TABLE_SIZE);
  private readonly successTurnSin = new Float64Array(TURN_TABLE_SIZE);

  constructor(
    private readonly domain: SamplingDomain,
    minDistanceMm: number,
    private readonly tries: number,
    private readonly rng: Rng,
  ) {
    const cellMm = minDistanceMm / Math.SQRT2;
    this.cellMm = cellMm;
    this.originXMm = domain.minXMm - PAD * cellMm;
    this.originYMm = domain.minYMm - PAD * cellMm;
    const gw = Math.max(1, Math.ceil((domain.maxXMm - domain.minXMm) / cellMm)) + 2 * PAD;
    const gh = Math.max(1, Math.ceil((domain.maxYMm - domain.minYMm) / cellMm)) + 2 * PAD;
    if (gw * gh > 2 ** 31 - 1) {
      throw new RangeError('sampling region too large for the background grid; split it');
    }
    this.gw = gw;
    this.cellCount = gw * gh;
    this.fx = new Float32Array(this.cellCount).fill(EMPTY);
    this.fy = new Float32Array(this.cellCount).fill(EMPTY);
    // A dense packing holds about 0.45 points a cell: start there and grow if needed.
    this.pointsMm = new Float64Array(2 * Math.ceil(0.46 * (gw - 2 * PAD) * (gh - 2 * PAD) + 16));
    this.cls = new Uint8Array(this.cellCount);
    for (let j = PAD; j < gh - PAD; j++) {
      const y0 = this.originYMm + j * cellMm;
      for (let i = PAD; i < gw - PAD; i++) {
        this.cls[j * gw + i] = domain.classifySquare(this.originXMm + i * cellMm, y0, cellMm);
      }
    }
    this.dartDelta = Int32Array.from(DART_DX, (dx, k) => DART_DY[k] * gw + dx);

    const stepAngle = (2 * Math.PI) / tries;
    this.cosStep = Math.cos(stepAngle);
    this.sinStep = Math.sin(stepAngle);
    // After a child, the parent turns on by 60° (the next child cannot hit this one) plus a random
    // fraction of a step; a child starts up to ±120° off the outward direction (Roberts).
    const successTurn = Math.PI / 3 + 2e-14;
    this.triesOnSuccess = Math.ceil(successTurn / stepAngle);
    for (let k = 0; k < TURN_TABLE_SIZE; k++) {
      const f = (k + 0.5) / TURN_TABLE_SIZE;
      const first = (f - 0.5) * ((4 * Math.PI) / 3);
      this.firstTurnCos[k] = Math.cos(first);
      this.firstTurnSin[k] = Math.sin(first);
      const success = successTurn + f * stepAngle;
      this.successTurnCos[k] = Math.cos(success);
      this.successTurnSin[k] = Math.sin(success);
    }
  }

  /** Sweep all cells once from a random start, seeding from darts and growing from each. */
  fill(): void {
    const { cellCount, cls, fx, rng } = this;
    const start = Math.floor(rng.next() * cellCount);
    for (let i = 0; i < cellCount; i++) {
      let cell = start + i;
      if (cell >= cellCount) cell -= cellCount;
      if (cls[cell] !== 0 && fx[cell] === EMPTY && this.throwDart(cell)) this.growFront();
    }
  }

  result(): PoissonDiskResult {
    return { pointsMm: this.pointsMm.slice(0, 2 * this.placedCount), count: this.placedCount };
  }

  /** One random point in an empty cell; placed (and made active) when it fits. */
  private throwDart(cell: number): boolean {
    const { fx, fy, dartDelta, dartDx, dartDy, rng } = this;
    const ox = quantise(rng.next());
    const oy = quantise(rng.next());
    for (let n = 0; n < dartDelta.length; n++) {
      const m = cell + dartDelta[n];
      const dx = dartDx[n] + fx[m] - ox;
      const dy = dartDy[n] + fy[m] - oy;
      if (dx * dx + dy * dy < R2_CELLS) return false;
    }
    const cj = Math.floor(cell / this.gw);
    const ci = cell - cj * this.gw;
    if (!this.admissible(cell, ci, cj, ox, oy)) return false;
    const angle = rng.next() * 2 * Math.PI;
    this.place(cell, ci, cj, ox, oy, Math.cos(angle), Math.sin(angle));
    return true;
  }

  /** Visit random active points until none is left. */
  private growFront(): void {
    const rng = this.rng;
    while (this.activeCount > 0) {
      this.visit(Math.floor(rng.next() * this.activeCount));
    }
  }

  /** Let active point `a` try its next directions; place the first child that fits, or retire it. */
  private visit(a: number): void {
    const { gw, fx, fy, cls, dartDelta, dartDx, dartDy, cosStep, sinStep, tries, rng } = this;
    const parent = this.activeCell[a];
    const pj = Math.floor(parent / gw);
    const pi = parent - pj * gw;
    const pu = pi + fx[parent];
    const pv = pj + fy[parent];
    let c = this.activeCos[a];
    let s = this.activeSin[a];
    let t = this.activeTries[a];
    if (t === 0) {
      const k = Math.floor(rng.next() * TURN_TABLE_SIZE);
      const tc = this.firstTurnCos[k];
      const ts = this.firstTurnSin[k];
      const c2 = c * tc - s * ts;
      s = s * tc + c * ts;
      c = c2;
    }

    // The point that blocked the last try usually blocks the next one too (a step is 12°, a
    // neighbour shadows up to 120° of the circle): test it first, in registers.
    let blockU = EMPTY;
    let blockV = EMPTY;
    while (t < tries) {
      const u = pu + c * STEP_OUT;
      const v = pv + s * STEP_OUT;
      const bu = u - blockU;
      const bv = v - blockV;
      if (bu * bu + bv * bv >= R2_TEST_CELLS) {
        const ci = Math.floor(u);
        const cj = Math.floor(v);
        const cell = cj * gw + ci;
        const kind = cls[cell];
        if (kind !== 0) {
          const ou = u - ci;
          const ov = v - cj;
          // Two points in one cell are always closer than r; then the 20 cells around it.
          let blocker = fx[cell] === EMPTY ? -1 : cell;
          for (let n = 0; n < dartDelta.length && blocker < 0; n++) {
            const m = cell + dartDelta[n];
            const du = dartDx[n] + fx[m] - ou;
            const dv = dartDy[n] + fy[m] - ov;
            if (du * du + dv * dv < R2_TEST_CELLS) blocker = m;
          }
          if (blocker >= 0) {
            const bj = Math.floor(blocker / gw);
            blockU = blocker - bj * gw + fx[blocker];
            blockV = bj + fy[blocker];
          } else {
            const ox = quantise(ou);
            const oy = quantise(ov);
            if (kind === 1 || this.admissible(cell, ci, cj, ox, oy)) {
              // Place the child; it blocks the next tries. Turn on by 60° plus a random fraction.
              this.place(cell, ci, cj, ox, oy, c, s);
              blockU = ci + ox;
              blockV = cj + oy;
              const k = Math.floor(rng.next() * TURN_TABLE_SIZE);
              const tc = this.successTurnCos[k];
              const ts = this.successTurnSin[k];
              const c2 = c * tc - s * ts;
              s = s * tc + c * ts;
              c = c2;
              t += this.triesOnSuccess;
              continue;
            }
          }
        }
      }
      const c2 = c * cosStep - s * sinStep;
      s = s * cosStep + c * sinStep;
      c = c2;
      t++;
    }
    // No room left around this point: retire it (swap with the last).
    const last = --this.activeCount;
    this.activeCell[a] = this.activeCell[last];
    this.activeCos[a] = this.activeCos[last];
    this.activeSin[a] = this.activeSin[last];
    this.activeTries[a] = this.activeTries[last];
  }

  /** Copy the points closer than r + STEP_OUT to the parent into nearU/nearV; return how many. */
  private gather(pi: number, pj: number, pu: number, pv: number): number {
    const { gw, fx, fy, nearU, nearV } = this;
    let near = 0;
    // Branch-free: an empty cell's sentinel and the parent itself (distance 0) fall outside the
    // test, and the slot is simply overwritten by the next cell.
    for (let dj = -3; dj <= 3; dj++) {
      const row = (pj + dj) * gw + pi;
      const nvRow = pj + dj;
      for (let di = -3; di <= 3; di++) {
        const m = row + di;
        const nu = pi + di + fx[m];
        const nv = nvRow + fy[m];
        const du = nu - pu;
        const dv = nv - pv;
        const d2 = du * du + dv * dv;
        nearU[near] = nu;
        nearV[near] = nv;
        near += (d2 < GATHER_R2_CELLS ? 1 : 0) & (d2 > 0 ? 1 : 0);
      }
    }
    return near;
  }

  private admissible(cell: number, ci: number, cj: number, ox: number, oy: number): boolean {
    return (
      this.cls[cell] === 1 ||
      this.domain.contains(
        this.originXMm + (ci + ox) * this.cellMm,
        this.originYMm + (cj + oy) * this.cellMm,
      )
    );
  }

  private place(
    cell: number,
    ci: number,
    cj: number,
    ox: number,
    oy: number,
    cos: number,
    sin: number,
  ): void {
    this.fx[cell] = ox;
    this.fy[cell] = oy;
    if (2 * this.placedCount === this.pointsMm.length) {
      this.pointsMm = resized(this.pointsMm, new Float64Array(this.pointsMm.length * 2));
    }
    this.pointsMm[2 * this.placedCount] = this.originXMm + (ci + ox) * this.cellMm;
    this.pointsMm[2 * this.placedCount + 1] = this.originYMm + (cj + oy) * this.cellMm;
    this.placedCount++;
    if (this.activeCount === this.activeCell.length) {
      const size = this.activeCount * 2;
      this.activeCell = resized(this.activeCell, new Int32Array(size));
      this.activeCos = resized(this.activeCos, new Float64Array(size));
      this.activeSin = resized(this.activeSin, new Float64Array(size));
      this.activeTries = resized(this.activeTries, new Int32Array(size));
    }
    const a = this.activeCount++;
    this.activeCell[a] = cell;
    this.activeCos[a] = cos;
    this.activeSin[a] = sin;
    this.activeTries[a] = 0;
  }
}

const BELOW_ONE = 1 - 2 ** -24; // the largest float32 below 1

/** Round an in-cell offset in [0, 1) to float32, keeping it below 1. */
function quantise(offset: number): number {
  const q = Math.fround(offset);
  return q < 1 ? q : BELOW_ONE;
}

function resized<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
