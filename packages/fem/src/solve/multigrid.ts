import { type CsrMatrix, diagonal, multiply } from '../sparse/csr.js';
import { BandCholesky } from './bandCholesky.js';
import type { Preconditioner } from './pcg.js';

/** One level of a nested mesh hierarchy: its operator, its prescribed dofs, and (below the finest) how its fine neighbour's nodes sit on it. */
export interface MultigridLevel {
  readonly matrix: CsrMatrix;
  readonly fixed: Uint8Array;
}

/**
 * Geometric multigrid V-cycle for 2-unknowns-per-node problems on nested meshes (each level a
 * uniform refinement of the one below): interpolation is the mean of a fine node's two parents,
 * restriction its transpose, symmetric Gauss–Seidel smoothing (forward before, backward after,
 * so the cycle is symmetric and fits CG), and an exact (banded Cholesky) solve on the coarsest level.
 */
export class GeometricMultigrid implements Preconditioner {
  private readonly levels: MultigridLevel[];
  private readonly parents: Uint32Array[];
  private readonly inverseDiagonal: Float64Array[];
  private readonly coarse: BandCholesky;
  private readonly residual: Float64Array[];
  private readonly correction: Float64Array[];
  private readonly scratch: Float64Array[];

  /**
   * @param levels coarsest first
   * @param parents parents[l] maps level l+1's nodes to pairs of level l's nodes
   * @param sweeps Gauss–Seidel sweeps before and after the coarse correction
   */
  constructor(
    levels: readonly MultigridLevel[],
    parents: readonly Uint32Array[],
    private readonly sweeps = 1,
  ) {
    if (levels.length < 1 || parents.length !== levels.length - 1)
      throw new RangeError('multigrid needs one parents map between each two levels');
    if (levels[0].matrix.size > 20_000)
      throw new RangeError(
        `coarsest level has ${levels[0].matrix.size} unknowns; refine from a coarser mesh (≤ 20,000)`,
      );
    this.levels = [...levels];
    this.parents = [...parents];
    this.inverseDiagonal = levels.map((l) => inverseDiagonalOf(l.matrix));
    this.coarse = new BandCholesky(levels[0].matrix);
    this.residual = levels.map((l) => new Float64Array(l.matrix.size));
    this.correction = levels.map((l) => new Float64Array(l.matrix.size));
    this.scratch = levels.map((l) => new Float64Array(l.matrix.size));
  }

  apply(residual: Float64Array, out: Float64Array): void {
    // The V-cycle as two loops over the levels (down, then up) calling small functions: the same
    // operations as a recursion, but each piece is optimised on its own in a fresh process instead
    // of one large recursive function being compiled, and thrown away, path by path.
    const top = this.levels.length - 1;
    this.residual[top].set(residual);
    for (let level = top; level > 0; level--) {
      const { matrix, fixed } = this.levels[level];
      const x = this.correction[level];
      const b = this.residual[level];
      x.fill(0);
      for (let s = 0; s < this.sweeps; s++)
        gaussSeidel(matrix, this.inverseDiagonal[level], b, x, true);
      // Residual, restricted to the coarser level.
      const ax = this.scratch[level];
      multiply(matrix, x, ax);
      restrict(b, ax, fixed, this.parents[level - 1], this.residual[level - 1]);
      zeroFixed(this.residual[level - 1], this.levels[level - 1].fixed);
    }
    this.coarse.solve(this.residual[0], this.correction[0]);
    for (let level = 1; level <= top; level++) {
      // Interpolate the coarse correction and add it.
      const { matrix, fixed } = this.levels[level];
      const x = this.correction[level];
      interpolateAdd(this.correction[level - 1], this.parents[level - 1], fixed, x);
      for (let s = 0; s < this.sweeps; s++)
        gaussSeidel(matrix, this.inverseDiagonal[level], this.residual[level], x, false);
    }
    out.set(this.correction[top]);
  }
}

/** 1 / A_ii, or 0 where the diagonal is 0. */
function inverseDiagonalOf(a: CsrMatrix): Float64Array {
  const inverse = diagonal(a);
  for (let i = 0; i < inverse.length; i++) inverse[i] = inverse[i] !== 0 ? 1 / inverse[i] : 0;
  return inverse;
}

/** coarseB = the restriction of the residual b − ax (free dofs only) to the coarser level. */
function restrict(
  b: Float64Array,
  ax: Float64Array,
  fixed: Uint8Array,
  parents: Uint32Array,
  coarseB: Float64Array,
): void {
  coarseB.fill(0);
  for (let n = 0; n < parents.length / 2; n++) {
    const a = parents[2 * n];
    const c = parents[2 * n + 1];
    for (let d = 0; d < 2; d++) {
      const r = fixed[2 * n + d] ? 0 : (b[2 * n + d] - ax[2 * n + d]) / 2;
      coarseB[2 * a + d] += r;
      coarseB[2 * c + d] += r;
    }
  }
}

function zeroFixed(v: Float64Array, fixed: Uint8Array): void {
  for (let i = 0; i < v.length; i++) if (fixed[i]) v[i] = 0;
}

/** x += the coarse correction interpolated (the mean of each fine node's two parents), free dofs only. */
function interpolateAdd(
  coarseX: Float64Array,
  parents: Uint32Array,
  fixed: Uint8Array,
  x: Float64Array,
): void {
  for (let n = 0; n < parents.length / 2; n++) {
    const a = parents[2 * n];
    const c = parents[2 * n + 1];
    for (let d = 0; d < 2; d++) {
      if (!fixed[2 * n + d]) x[2 * n + d] += (coarseX[2 * a + d] + coarseX[2 * c + d]) / 2;
    }
  }
}

/** One Gauss–Seidel sweep for A x = b, forward or backward. */
function gaussSeidel(
  a: CsrMatrix,
  inverseDiagonal: Float64Array,
  b: Float64Array,
  x: Float64Array,
  forward: boolean,
): void {
  const { rowStart, columns, values, size } = a;
  for (let step = 0; step < size; step++) {
    const i = forward ? step : size - 1 - step;
    let sum = b[i];
    for (let k = rowStart[i], end = rowStart[i + 1]; k < end; k++) {
      const j = columns[k];
      if (j !== i) sum -= values[k] * x[j];
    }
    x[i] = sum * inverseDiagonal[i];
  }
}
