import type { Rng } from '../rng.js';

/**
 * Poisson-disk (blue-noise) sampling on typed arrays — the planner's hot path.
 *
 * The method is Bridson's (SIGGRAPH 2007 sketch) in Martin Roberts' variant ("An improved version
 * of Bridson's algorithm", 2019): a candidate is placed exactly one minimum distance (plus a hair)
 * from its parent, and the candidate angle advances by fixed steps, turning 60° on after each
 * child — a dense, even packing without grid artefacts. What makes this implementation fast:
 *  - The background grid (cell = r/√2, at most one point per cell) stores each point's position
 *    *inside its cell* as two float32 offsets in cell units, interleaved: 8 bytes a cell in one
 *    cache line, no indirection, and the grid is the only copy of the points while sampling (the
 *    placement order is kept as cell indices; positions in mm are written once, at the end).
 *  - A parent is visited once and walks its whole circle, placing every child that fits.
 *  - The point that blocked the last try is tested first, in registers: a step is 12° and one
 *    neighbour shadows up to 120° of the circle, so most tries end there without touching the grid.
 *  - The walk jumps over the third of the circle its own parent shadows (more than 120° off the
 *    outward direction), which is always blocked: no try is spent there.
 *  - One occupancy bit a cell. With it, a point whose surroundings are already crowded (14 or more
 *    of the 36 cells around its own occupied) is not visited at all: ~30 % of visits, of which
 *    ~92 % would have placed nothing. This is the one place where the sampler gives up a little
 *    (−0.6 % points; ~1e-4 of the area is left where one more point would fit) for speed.
 *  - Instead of one random seed, a sweep visits every cell once and throws a dart into each empty
 *    admissible cell whose four edge neighbours are empty too (found 32 at a time from the
 *    occupancy bits), growing from every dart that lands. That seeds every connected piece of a
 *    non-convex region (a zone cut in two by an exclusion) and fills what the fronts left open.
 *  - The domain is asked about 8 × 8-cell blocks first, and about single cells only in mixed blocks.
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
  /** Angular steps around a parent (Roberts' k; 30 as in Bridson's and Roberts' papers). */
  readonly triesPerPoint?: number;
}

export interface PoissonDiskResult {
  /** Interleaved x, y (mm) of the points, in the order they were placed. */
  readonly pointsMm: Float64Array;
  readonly count: number;
}

const PAD = 3; // cells of padding on every side, so a 7×7 neighbourhood never leaves the grid
// Sentinel offsets of an empty cell, far from everything, that also say what the domain said of
// it (SamplingDomain.classifySquare): every point admissible, some (test each), none. Keeping the
// class in the cell's own 8 bytes spares a second array and its cache misses.
const EMPTY = 1e6;
const EMPTY_MIXED = 2e6;
const OUTSIDE = 3e6;
const SENTINEL_OF_CLASS = [OUTSIDE, EMPTY, EMPTY_MIXED];
const R2_CELLS = 2; // r² in cell units
// Candidate distance from its parent, cell units: r plus more than float32 rounding can take.
const STEP_OUT = Math.SQRT2 + 1e-6;
// Tries test unquantised positions against r² plus a margin larger than what float32 rounding of
// the accepted point can take away (≤ 1.2e-7 in d²), so stored points keep R2_CELLS exactly.
const R2_TEST_CELLS = R2_CELLS + 1e-6;
const TURN_TABLE_SIZE = 64;
const CLASS_BLOCK = 8; // cells a side of the blocks the domain is first asked about
// A point with at least this many of the 36 cells of its disk (below) occupied, besides its own,
// is not visited: its circle is almost surely all blocked. Measured (r = 1.35 mm, 250 cm²): ~30 %
// of visits are skipped, of which ~92 % would have placed nothing; as neighbours fill most of the
// rest, the count drops by ~0.6 %, and ~1e-4 of the area is left where one more point would fit.
const CROWDED = 14;
// The disk of cells (dx, dy) with dx² + dy² ≤ 10 around a point's own cell: the 7×7 less three
// cells in each corner (rows of 7 bits, dx + 3 the bit).
const DISK_ROW = [0b0011100, 0b0111110, 0x7f, 0x7f, 0x7f, 0b0111110, 0b0011100];
const DISK_UPPER = DISK_ROW[0] | (DISK_ROW[1] << 7) | (DISK_ROW[2] << 14) | (DISK_ROW[3] << 21);
const DISK_LOWER = DISK_ROW[4] | (DISK_ROW[5] << 7) | (DISK_ROW[6] << 14);
const NEVER = -1; // a step index the walk never reaches
// The parent's shadow on a point's circle, as angles from the outward direction: beyond 120° a
// candidate is closer than r to the parent (exactly: beyond 120° plus < 1e-6 rad). The margin keeps
// every skipped step well inside, whatever the rounding of positions and angles.
const SHADOW_MARGIN = 1e-5;
const SHADOW_FROM = (2 * Math.PI) / 3 + SHADOW_MARGIN;
const SHADOW_TO = (4 * Math.PI) / 3 - SHADOW_MARGIN;

// Cells that can hold a point closer than r: the cell itself (two points in one cell are always
// closer than r), then the 5×5 around it less the corners, nearest first.
const NEAR_DX = [0, -1, 1, 0, 0, -1, 1, -1, 1, -2, 2, 0, 0, -2, 2, -2, 2, -1, 1, -1, 1];
const NEAR_DY = [0, 0, 0, -1, 1, -1, -1, 1, 1, 0, 0, -2, 2, -1, -1, 1, 1, -2, -2, 2, 2];

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
  private readonly invGw: number;
  private readonly cellCount: number;
  /**
   * Offsets (x, y) of each cell's point inside the cell, cell units; while it has none, a sentinel
   * (EMPTY, EMPTY_MIXED or OUTSIDE: its class; padding is OUTSIDE).
   */
  private readonly offsets: Float32Array;
  /** One bit a cell, set when it holds a point: row j starts at word j × occWords. */
  private readonly occ: Int32Array;
  private readonly occWords: number;
  /** The cells of the placed points, in placement order (grown as needed); positions are read
   * back from `offsets` only at the end, so no second copy of them is kept while sampling. */
  private placedCells: Int32Array;
  private placedCount = 0;
  /** Points not yet visited: their cell and the direction from their parent. */
  private pendingCell = new Int32Array(1024);
  private pendingCos = new Float64Array(1024);
  private pendingSin = new Float64Array(1024);
  private pendingCount = 0;
  /** Grid index offsets of the near cells, and their (dx, dy) in cells. */
  private readonly nearDelta: Int32Array;
  private readonly nearDx = Float64Array.from(NEAR_DX);
  private readonly nearDy = Float64Array.from(NEAR_DY);
  /** STEP_OUT × (cos, sin) of j angular steps, j < tries. */
  private readonly stepCos: Float64Array;
  private readonly stepSin: Float64Array;
  private readonly triesOnSuccess: number;
  // Turns drawn from TURN_TABLE_SIZE evenly spaced values: no Math.cos/sin in the loop.
  private readonly firstTurnCos = new Float64Array(TURN_TABLE_SIZE);
  private readonly firstTurnSin = new Float64Array(TURN_TABLE_SIZE);
  private readonly successTurnCos = new Float64Array(TURN_TABLE_SIZE);
  private readonly successTurnSin = new Float64Array(TURN_TABLE_SIZE);
  /** The same turns as angles (radians), to track where the walk is against the parent. */
  private readonly firstTurnAngle = new Float64Array(TURN_TABLE_SIZE);
  private readonly successTurnAngle = new Float64Array(TURN_TABLE_SIZE);
  private readonly stepAngle: number;

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
    const innerW = Math.max(1, Math.ceil((domain.maxXMm - domain.minXMm) / cellMm));
    const innerH = Math.max(1, Math.ceil((domain.maxYMm - domain.minYMm) / cellMm));
    const gw = innerW + 2 * PAD;
    const gh = innerH + 2 * PAD;
    if (gw * gh > 2 ** 30) {
      throw new RangeError('sampling region too large for the background grid; split it');
    }
    this.gw = gw;
    this.invGw = 1 / gw;
    this.cellCount = gw * gh;
    this.offsets = new Float32Array(2 * this.cellCount).fill(OUTSIDE);
    // A dense packing holds about 0.45 points a cell: start there and grow if needed.
    this.placedCells = new Int32Array(Math.ceil(0.46 * innerW * innerH + 16));
    // One spare word a row, so a window of 7 bits can always read the word after its first.
    this.occWords = (gw >>> 5) + 2;
    this.occ = new Int32Array(this.occWords * gh);
    this.classifyCells(gh);
    this.nearDelta = Int32Array.from(NEAR_DX, (dx, k) => NEAR_DY[k] * gw + dx);

    const stepAngle = (2 * Math.PI) / tries;
    this.stepAngle = stepAngle;
    this.stepCos = Float64Array.from(
      { length: tries },
      (_, j) => STEP_OUT * Math.cos(j * stepAngle),
    );
    this.stepSin = Float64Array.from(
      { length: tries },
      (_, j) => STEP_OUT * Math.sin(j * stepAngle),
    );
    // After a child the parent turns on by 60° (the next child cannot hit this one) plus a random
    // fraction of a step; a new point starts up to ±120° off the outward direction (Roberts).
    const successTurn = Math.PI / 3 + 2e-14;
    this.triesOnSuccess = Math.ceil(successTurn / stepAngle);
    for (let k = 0; k < TURN_TABLE_SIZE; k++) {
      const f = (k + 0.5) / TURN_TABLE_SIZE;
      const first = (f - 0.5) * ((4 * Math.PI) / 3);
      this.firstTurnCos[k] = Math.cos(first);
      this.firstTurnSin[k] = Math.sin(first);
      this.firstTurnAngle[k] = first;
      const success = successTurn + f * stepAngle;
      this.successTurnCos[k] = Math.cos(success);
      this.successTurnSin[k] = Math.sin(success);
      this.successTurnAngle[k] = success;
    }
  }

  /**
   * Classify the cells (their sentinel offsets), a block of CLASS_BLOCK × CLASS_BLOCK cells at a time where the
   * domain answers for the whole block (the block's square is taken a hair larger, so rounding
   * cannot make it answer for less than its cells cover); cell by cell where it is mixed.
   */
  private classifyCells(gh: number): void {
    const { gw, offsets, cellMm, originXMm, originYMm, domain } = this;
    for (let bj = PAD; bj < gh - PAD; bj += CLASS_BLOCK) {
      const nj = Math.min(CLASS_BLOCK, gh - PAD - bj);
      for (let bi = PAD; bi < gw - PAD; bi += CLASS_BLOCK) {
        const ni = Math.min(CLASS_BLOCK, gw - PAD - bi);
        const x0 = originXMm + bi * cellMm;
        const y0 = originYMm + bj * cellMm;
        const blockMm = Math.max(ni, nj) * cellMm * (1 + 1e-9);
        const whole = domain.classifySquare(x0, y0, blockMm);
        for (let j = bj; j < bj + nj; j++) {
          const y = originYMm + j * cellMm;
          for (let i = bi; i < bi + ni; i++) {
            const cls =
              whole === 2 ? domain.classifySquare(originXMm + i * cellMm, y, cellMm) : whole;
            offsets[2 * (j * gw + i)] = SENTINEL_OF_CLASS[cls];
            offsets[2 * (j * gw + i) + 1] = SENTINEL_OF_CLASS[cls];
          }
        }
      }
    }
  }

  /**
   * Sweep all cells once, row by row from a random cell, seeding from darts and growing from each.
   * A dart goes only where the cell and its four edge neighbours are empty: a hole the fronts
   * have not reached (or a piece of the region not yet seeded); elsewhere a dart almost never
   * fits. The occupancy bits give those cells 32 at a time.
   */
  fill(): void {
    const { offsets, gw, occ, occWords, rng } = this;
    const rows = this.cellCount / gw - 2 * PAD;
    const start = Math.floor(rng.next() * rows * gw);
    const startRow = Math.floor(start / gw);
    const startCol = start - startRow * gw;
    // The start row twice: from the start cell first, up to it last.
    for (let k = 0; k <= rows; k++) {
      const cj = PAD + ((startRow + k) % rows);
      const row = cj * occWords;
      const fromCol = k === 0 ? startCol : 0;
      const toCol = k === rows ? startCol : gw;
      for (let w = fromCol >>> 5; 32 * w < toCol; w++) {
        // Only the word's cells in [fromCol, toCol).
        const lo = Math.max(0, fromCol - 32 * w);
        const hi = Math.min(32, toCol - 32 * w);
        const inRow = (hi === 32 ? -1 : (1 << hi) - 1) & (-1 << lo);
        let from = 0; // bits below this one are done
        for (;;) {
          const here = occ[row + w];
          const west = (here << 1) | (w > 0 ? occ[row + w - 1] >>> 31 : 0);
          const east = (here >>> 1) | (occ[row + w + 1] << 31);
          const open = ~(here | west | east | occ[row - occWords + w] | occ[row + occWords + w]);
          const todo = open & inRow & (-1 << from);
          if (todo === 0 || from > 31) break;
          const b = 31 - Math.clz32(todo & -todo);
          from = b + 1;
          const cell = cj * gw + 32 * w + b;
          if (offsets[2 * cell] !== OUTSIDE && this.throwDart(cell)) {
            this.visit(Math.floor(rng.next() * this.pendingCount), false); // the dart
            while (this.pendingCount > 0) {
              this.visit(Math.floor(rng.next() * this.pendingCount), true);
            }
          }
        }
      }
    }
  }

  result(): PoissonDiskResult {
    const { gw, invGw, offsets, cellMm, originXMm, originYMm, placedCells } = this;
    const count = this.placedCount;
    const pointsMm = new Float64Array(2 * count);
    for (let p = 0; p < count; p++) {
      const cell = placedCells[p];
      const cj = rowOf(cell, invGw);
      pointsMm[2 * p] = originXMm + (cell - cj * gw + offsets[2 * cell]) * cellMm;
      pointsMm[2 * p + 1] = originYMm + (cj + offsets[2 * cell + 1]) * cellMm;
    }
    return { pointsMm, count };
  }

  /** One random point in an empty cell; placed when it fits. */
  private throwDart(cell: number): boolean {
    const ox = quantise(this.rng.next());
    const oy = quantise(this.rng.next());
    if (this.blockerNear(cell, ox, oy) >= 0) return false;
    const cj = rowOf(cell, this.invGw);
    const ci = cell - cj * this.gw;
    if (!this.admissible(cell, ci, cj, ox, oy)) return false;
    const angle = this.rng.next() * 2 * Math.PI;
    this.place(cell, ci, cj, ox, oy, Math.cos(angle), Math.sin(angle));
    return true;
  }

  /**
   * Visit pending point `a` once: walk its circle, place every child that fits, then drop it.
   * `hasParent`: the point was placed one step out from a parent (false for a dart).
   */
  private visit(a: number, hasParent: boolean): void {
    const { gw, offsets, nearDelta, nearDx, nearDy, stepCos, stepSin, tries, rng } = this;
    const parent = this.pendingCell[a];
    const pj = rowOf(parent, this.invGw);
    const pu = parent - pj * gw + offsets[2 * parent];
    const pv = pj + offsets[2 * parent + 1];
    if (hasParent && this.crowded(parent - pj * gw, pj) >= CROWDED) {
      this.drop(a);
      return;
    }
    // Start up to ±120° off the direction from its own parent.
    const k0 = Math.floor(rng.next() * TURN_TABLE_SIZE);
    let c = this.pendingCos[a] * this.firstTurnCos[k0] - this.pendingSin[a] * this.firstTurnSin[k0];
    let s = this.pendingSin[a] * this.firstTurnCos[k0] + this.pendingCos[a] * this.firstTurnSin[k0];

    // The point's own parent sits one step behind it, so the third of the circle more than 120°
    // off the outward direction is always blocked: the walk tracks its angle from the outward
    // direction and jumps over that arc (less a margin for rounding) without a try. Skipped tries
    // are only ones that would fail, so this changes no result, only the work.
    let base = this.firstTurnAngle[k0]; // angle of step 0 from the outward direction
    let shadowFrom = NEVER; // steps shadowFrom ≤ j < shadowTo lie in the parent's shadow
    let shadowTo = 0;
    if (hasParent) {
      shadowFrom = Math.max(0, Math.floor((SHADOW_FROM - base) / this.stepAngle) + 1);
      shadowTo = Math.ceil((SHADOW_TO - base) / this.stepAngle);
    }
    let blockU = EMPTY; // the point that blocked the last try, cell units
    let blockV = EMPTY;
    this.drop(a);
    // Directions come from the base (c, s) turned by j steps, read from a table: no chain of
    // rotations from step to step, so the processor can overlap the tries.
    let t = 0;
    let j = 0;
    while (t < tries) {
      if (j === shadowFrom) {
        if (shadowTo > j) {
          t += shadowTo - j;
          j = shadowTo;
          if (t >= tries) break;
        }
        shadowFrom = NEVER;
      }
      const u = pu + c * stepCos[j] - s * stepSin[j];
      const v = pv + s * stepCos[j] + c * stepSin[j];
      const bu = u - blockU;
      const bv = v - blockV;
      if (bu * bu + bv * bv >= R2_TEST_CELLS) {
        const ci = Math.floor(u);
        const cj = Math.floor(v);
        const cell = cj * gw + ci;
        if (offsets[2 * cell] !== OUTSIDE) {
          const ou = u - ci;
          const ov = v - cj;
          const n = this.blockerNear(cell, ou, ov);
          if (n >= 0) {
            const m = cell + nearDelta[n];
            blockU = ci + nearDx[n] + offsets[2 * m];
            blockV = cj + nearDy[n] + offsets[2 * m + 1];
          } else {
            const ox = quantise(ou);
            const oy = quantise(ov);
            if (this.admissible(cell, ci, cj, ox, oy)) {
              // Place the child (it blocks the next tries) and turn on by 60° and a bit.
              this.place(cell, ci, cj, ox, oy, (u - pu) / STEP_OUT, (v - pv) / STEP_OUT);
              blockU = ci + ox;
              blockV = cj + oy;
              // The new base: this direction turned on by 60° and a bit.
              const k = Math.floor(rng.next() * TURN_TABLE_SIZE);
              const dc = (c * stepCos[j] - s * stepSin[j]) / STEP_OUT;
              const ds = (s * stepCos[j] + c * stepSin[j]) / STEP_OUT;
              c = dc * this.successTurnCos[k] - ds * this.successTurnSin[k];
              s = ds * this.successTurnCos[k] + dc * this.successTurnSin[k];
              base += j * this.stepAngle + this.successTurnAngle[k];
              if (shadowFrom !== NEVER) {
                shadowFrom = Math.max(0, Math.floor((SHADOW_FROM - base) / this.stepAngle) + 1);
                shadowTo = Math.ceil((SHADOW_TO - base) / this.stepAngle);
              }
              j = 0;
              t += this.triesOnSuccess;
              continue;
            }
          }
        }
      }
      j++;
      t++;
    }
  }

  /**
   * How many cells of the disk around cell (ci, cj) (DISK_ROW), less the cell itself, hold a
   * point: read from the occupancy bits, a row at a time.
   */
  private crowded(ci: number, cj: number): number {
    const { occ, occWords } = this;
    const i0 = ci - 3;
    const word = i0 >>> 5;
    const shift = i0 & 31;
    let row = (cj - 3) * occWords + word;
    let upper = 0; // rows −3..0, 7 bits each
    for (let k = 0; k < 4; k++, row += occWords) {
      upper |= (((occ[row] >>> shift) | ((occ[row + 1] << 1) << (31 - shift))) & 0x7f) << (7 * k);
    }
    let lower = 0; // rows 1..3
    for (let k = 0; k < 3; k++, row += occWords) {
      lower |= (((occ[row] >>> shift) | ((occ[row + 1] << 1) << (31 - shift))) & 0x7f) << (7 * k);
    }
    return popCount(upper & DISK_UPPER) + popCount(lower & DISK_LOWER) - 1; // less the parent
  }

  /**
   * Which near cell (an index into NEAR_DX/NEAR_DY; 0 is the cell itself) holds a point closer
   * than r to the position (ou, ov) in `cell` (in-cell offsets), or −1 when none does.
   */
  private blockerNear(cell: number, ou: number, ov: number): number {
    const { offsets, nearDelta, nearDx, nearDy } = this;
    for (let n = 0; n < nearDelta.length; n++) {
      const m = cell + nearDelta[n];
      const du = nearDx[n] + offsets[2 * m] - ou;
      const dv = nearDy[n] + offsets[2 * m + 1] - ov;
      if (du * du + dv * dv < R2_TEST_CELLS) return n;
    }
    return -1;
  }

  /** Whether a point at offsets (ox, oy) in the empty `cell` (ci, cj) lies in the domain. */
  private admissible(cell: number, ci: number, cj: number, ox: number, oy: number): boolean {
    const sentinel = this.offsets[2 * cell];
    return (
      sentinel === EMPTY ||
      (sentinel === EMPTY_MIXED &&
        this.domain.contains(
          this.originXMm + (ci + ox) * this.cellMm,
          this.originYMm + (cj + oy) * this.cellMm,
        ))
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
    this.offsets[2 * cell] = ox;
    this.offsets[2 * cell + 1] = oy;
    this.occ[cj * this.occWords + (ci >>> 5)] |= 1 << (ci & 31);
    if (this.placedCount === this.placedCells.length) {
      this.placedCells = resized(this.placedCells, new Int32Array(this.placedCells.length * 2));
    }
    this.placedCells[this.placedCount] = cell;
    this.placedCount++;
    if (this.pendingCount === this.pendingCell.length) {
      const size = this.pendingCount * 2;
      this.pendingCell = resized(this.pendingCell, new Int32Array(size));
      this.pendingCos = resized(this.pendingCos, new Float64Array(size));
      this.pendingSin = resized(this.pendingSin, new Float64Array(size));
    }
    const p = this.pendingCount++;
    this.pendingCell[p] = cell;
    this.pendingCos[p] = cos;
    this.pendingSin[p] = sin;
  }

  /** Remove pending entry `a` (the last one takes its place). */
  private drop(a: number): void {
    const last = --this.pendingCount;
    this.pendingCell[a] = this.pendingCell[last];
    this.pendingCos[a] = this.pendingCos[last];
    this.pendingSin[a] = this.pendingSin[last];
  }
}

function popCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * The row of a cell index, without a division: (cell + ½)/gw lies at least ½/gw inside its row's
 * interval, far beyond the rounding of one multiplication for grids below 2^30 cells.
 */
function rowOf(cell: number, invGw: number): number {
  return Math.floor((cell + 0.5) * invGw);
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
