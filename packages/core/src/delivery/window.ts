import { densestWindow } from '../plan/densestWindow.js';
import type { CoreIndex } from './coreIndex.js';

/**
 * The local-density ceiling, checked as cores are added: the planner's own bound
 * (plan/densestWindow.ts), over the cores near the new ones only.
 *
 * Why the neighbours are enough (and the answer is the same as over all cores). The bound counts
 * a core in a window W (side s) only if its centre lies in W grown by its radius r: a square of
 * side s + 2r. Adding a core p can therefore raise only the windows whose grown square contains
 * p, and every core such a window counts lies in that same grown square, so within s + 2r of p
 * on both axes. Let B be the box of the new cores grown by s + 2r and N the cores in B (the new
 * ones among them). For a window that counts a new core, its bound over all cores equals its
 * bound over N; for any other window the bound is what it was before, at most the ceiling,
 * because every core was added through this check (cores are never taken away, so no window
 * ever falls back). densestWindow(N) is the maximum over every position of the bound over N, which
 * is at most the bound over all cores at the same position. Hence:
 *     densestWindow(N) ≤ ceiling  ⇔  no window anywhere is over the ceiling with the new cores.
 * The grid hands over the cores of the cells B meets, a few beyond it: any set between N and all
 * the cores gives the same answer, by the same argument (the reference index hands over all).
 * It is the same bound the planner refuses plans by, so a plan the planner accepts is never
 * refused here for density when delivered as planned.
 */
export class WindowCheck {
  private scratch = new Float64Array(2048);

  constructor(
    private readonly coreDiameterMm: number,
    private readonly windowSideMm: number,
    private readonly ceilingFraction: number,
  ) {}

  /** Whether the cores in slots from..index.count−1 keep every window within the ceiling. */
  allows(index: CoreIndex, from: number): boolean {
    if (from >= index.count) return true;
    let x0 = Number.POSITIVE_INFINITY;
    let y0 = Number.POSITIVE_INFINITY;
    let x1 = Number.NEGATIVE_INFINITY;
    let y1 = Number.NEGATIVE_INFINITY;
    for (let s = from; s < index.count; s++) {
      x0 = Math.min(x0, index.xMm(s));
      x1 = Math.max(x1, index.xMm(s));
      y0 = Math.min(y0, index.yMm(s));
      y1 = Math.max(y1, index.yMm(s));
    }
    const reach = this.windowSideMm + this.coreDiameterMm;
    x0 -= reach;
    y0 -= reach;
    x1 += reach;
    y1 += reach;
    let n = 0;
    index.forEachInBox(x0, y0, x1, y1, (slot) => {
      const x = index.xMm(slot);
      const y = index.yMm(slot);
      if (this.scratch.length < 2 * n + 2) {
        const grown = new Float64Array(2 * this.scratch.length);
        grown.set(this.scratch);
        this.scratch = grown;
      }
      this.scratch[2 * n] = x;
      this.scratch[2 * n + 1] = y;
      n++;
    });
    const densest = densestWindow(
      this.scratch.subarray(0, 2 * n),
      this.coreDiameterMm,
      this.windowSideMm,
    );
    return densest.coverageFraction <= this.ceilingFraction;
  }
}
