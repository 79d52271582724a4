/**
 * Where the cores already cut are, for the guard's questions: is any closer than the bridge rule
 * allows to this spot, and which lie in this box. Two answers to the same interface:
 *  - `GridCoreIndex`, a uniform grid of cells (typed arrays, a linked list a cell): what the guard
 *    uses. Cores are only added, or taken back newest first (a field's candidates), so a cell's
 *    list is a stack and removal is O(1). geometry/pointGrid.ts is built once from a fixed set of
 *    points, so it does not fit a set that grows core by core.
 *  - `ScanCoreIndex`, a plain list scanned whole: the reference the tests and the bench compare
 *    the grid with (same answers, by construction of the callers; see window.ts).
 */
export interface CoreIndex {
  /** Cores held; slot k is the k-th added (and not taken back). */
  readonly count: number;
  add(xMm: number, yMm: number, zone: number): void;
  /** Take back the newest cores until `count` remain. */
  truncate(count: number): void;
  /** Whether a core lies strictly closer than `distanceMm` to (x, y). */
  hasCloserThan(xMm: number, yMm: number, distanceMm: number): boolean;
  /**
   * Calls `visit(slot)` for every core in the closed box (at least those; the scan visits all:
   * callers test the box themselves where it matters).
   */
  forEachInBox(x0: number, y0: number, x1: number, y1: number, visit: (slot: number) => void): void;
  xMm(slot: number): number;
  yMm(slot: number): number;
  zone(slot: number): number;
}

/** Slot arrays that grow by doubling: x, y, zone. */
class Slots {
  x = new Float64Array(1024);
  y = new Float64Array(1024);
  zoneOf = new Int32Array(1024);
  count = 0;

  push(xMm: number, yMm: number, zone: number): number {
    if (this.count === this.x.length) {
      const grow = <T extends Float64Array | Int32Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(2 * a.length);
        b.set(a);
        return b;
      };
      this.x = grow(this.x);
      this.y = grow(this.y);
      this.zoneOf = grow(this.zoneOf);
    }
    this.x[this.count] = xMm;
    this.y[this.count] = yMm;
    this.zoneOf[this.count] = zone;
    return this.count++;
  }
}

/** What both indexes share: the slots, read back by number. */
abstract class SlotIndex {
  protected readonly slots = new Slots();

  get count(): number {
    return this.slots.count;
  }
  xMm(slot: number): number {
    return this.slots.x[slot];
  }
  yMm(slot: number): number {
    return this.slots.y[slot];
  }
  zone(slot: number): number {
    return this.slots.zoneOf[slot];
  }
}

/**
 * Cells of side ≥ the minimum centre distance over the plan's extent (cores outside it are kept
 * in the border cells, which every query near them scans: still exact). At that side a bridge
 * question reads the 3 × 3 cells around the spot, most of them empty or holding one core.
 */
export class GridCoreIndex extends SlotIndex implements CoreIndex {
  private next = new Int32Array(1024);
  private readonly head: Int32Array;
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellMm: number;

  constructor(
    private readonly x0: number,
    private readonly y0: number,
    x1: number,
    y1: number,
    minCellMm: number,
  ) {
    super();
    // At most 1024 cells a side, so a hostile plan a metre wide cannot ask for a huge grid.
    const extent = Math.max(x1 - x0, y1 - y0, minCellMm);
    this.cellMm = Math.max(minCellMm, extent / 1024);
    this.columns = Math.floor((x1 - x0) / this.cellMm) + 1;
    this.rows = Math.floor((y1 - y0) / this.cellMm) + 1;
    this.head = new Int32Array(this.columns * this.rows).fill(-1);
  }

  private column(xMm: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((xMm - this.x0) / this.cellMm)));
  }
  private row(yMm: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((yMm - this.y0) / this.cellMm)));
  }

  add(xMm: number, yMm: number, zone: number): void {
    const slot = this.slots.push(xMm, yMm, zone);
    if (slot >= this.next.length) {
      const grown = new Int32Array(2 * this.next.length);
      grown.set(this.next);
      this.next = grown;
    }
    const cell = this.row(yMm) * this.columns + this.column(xMm);
    this.next[slot] = this.head[cell];
    this.head[cell] = slot;
  }

  truncate(count: number): void {
    const { slots } = this;
    while (slots.count > count) {
      const slot = slots.count - 1;
      // The newest core is the head of its cell's stack.
      const cell = this.row(slots.y[slot]) * this.columns + this.column(slots.x[slot]);
      this.head[cell] = this.next[slot];
      slots.count--;
    }
  }

  hasCloserThan(xMm: number, yMm: number, distanceMm: number): boolean {
    const { x, y } = this.slots;
    const limit = distanceMm * distanceMm;
    const i0 = this.column(xMm - distanceMm);
    const i1 = this.column(xMm + distanceMm);
    const j0 = this.row(yMm - distanceMm);
    const j1 = this.row(yMm + distanceMm);
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        for (let s = this.head[j * this.columns + i]; s >= 0; s = this.next[s]) {
          const dx = x[s] - xMm;
          const dy = y[s] - yMm;
          // The squared test first; Math.hypot decides near the limit, as the scan does.
          if (dx * dx + dy * dy <= limit * (1 + 1e-9) && Math.hypot(dx, dy) < distanceMm)
            return true;
        }
      }
    }
    return false;
  }

  forEachInBox(
    x0: number,
    y0: number,
    x1: number,
    y1: number,
    visit: (slot: number) => void,
  ): void {
    const i0 = this.column(x0);
    const i1 = this.column(x1);
    const j0 = this.row(y0);
    const j1 = this.row(y1);
    for (let j = j0; j <= j1; j++)
      for (let i = i0; i <= i1; i++)
        for (let s = this.head[j * this.columns + i]; s >= 0; s = this.next[s]) visit(s);
  }
}

/** The reference: every question is a scan of all the cores. */
export class ScanCoreIndex extends SlotIndex implements CoreIndex {
  add(xMm: number, yMm: number, zone: number): void {
    this.slots.push(xMm, yMm, zone);
  }
  truncate(count: number): void {
    this.slots.count = Math.min(this.slots.count, count);
  }
  hasCloserThan(xMm: number, yMm: number, distanceMm: number): boolean {
    const { x, y, count } = this.slots;
    for (let s = 0; s < count; s++)
      if (Math.hypot(x[s] - xMm, y[s] - yMm) < distanceMm) return true;
    return false;
  }
  forEachInBox(
    _x0: number,
    _y0: number,
    _x1: number,
    _y1: number,
    visit: (slot: number) => void,
  ): void {
    for (let s = 0; s < this.slots.count; s++) visit(s);
  }
}
