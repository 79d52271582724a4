import type { CsrMatrix } from '../sparse/csr.js';

/**
 * Sparse Cholesky factorisation A = P L Lᵀ Pᵀ of an SPD matrix, after a fill-reducing ordering
 * (`nestedDissectionOrder` for a mesh): the up-looking algorithm of Davis' CSparse (cs_chol),
 * each row of L found by a walk up the elimination tree. For a 2D mesh of n unknowns it keeps O(n log n) nonzeros and costs
 * O(n^1.5), where the banded factor costs O(n²): the exact solver for graded meshes that nested
 * multigrid does not fit. Explicit zeros (rows cleared for prescribed values) are dropped.
 */
export class SparseCholesky {
  readonly size: number;
  /** Nonzeros of L, diagonal included. */
  readonly factorNonzeros: number;
  private readonly order: Int32Array;
  /** L by columns: column j's entries are rows[colStart[j] .. colStart[j+1]), the diagonal first. */
  private readonly colStart: Int32Array;
  private readonly rows: Int32Array;
  private readonly values: Float64Array;
  private readonly work: Float64Array;

  /** @param order order[k] is the row of A placed k-th (a permutation of 0 .. size−1). */
  constructor(a: CsrMatrix, order: Int32Array) {
    const n = a.size;
    this.size = n;
    this.order = order;
    const position = new Int32Array(n).fill(-1);
    for (let k = 0; k < order.length; k++) {
      if (!(order[k] >= 0 && order[k] < n) || position[order[k]] >= 0)
        throw new RangeError('the ordering must list every row of the matrix once');
      position[order[k]] = k;
    }
    if (order.length !== n)
      throw new RangeError('the ordering must list every row of the matrix once');

    // C = P A Pᵀ, its upper triangle stored by columns (= the lower triangle by rows):
    // column k holds the entries C[i][k] with i ≤ k.
    const upperStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const pi = position[i];
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
        const pj = position[a.columns[k]];
        if (pj <= pi && a.values[k] !== 0) upperStart[pi + 1]++;
      }
    }
    for (let k = 0; k < n; k++) upperStart[k + 1] += upperStart[k];
    const upperRows = new Int32Array(upperStart[n]);
    const upperValues = new Float64Array(upperStart[n]);
    const fill = upperStart.slice(0, n);
    for (let i = 0; i < n; i++) {
      const pi = position[i];
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
        const pj = position[a.columns[k]];
        if (pj <= pi && a.values[k] !== 0) {
          upperRows[fill[pi]] = pj;
          upperValues[fill[pi]++] = a.values[k];
        }
      }
    }

    // Elimination tree (Liu), with path compression through `ancestor`.
    const parent = new Int32Array(n).fill(-1);
    const ancestor = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) {
      for (let p = upperStart[k]; p < upperStart[k + 1]; p++) {
        for (let i = upperRows[p]; i !== -1 && i < k; ) {
          const next = ancestor[i];
          ancestor[i] = k;
          if (next === -1) parent[i] = k;
          i = next;
        }
      }
    }

    // Row k of L has its nonzeros at the tree walks from C's column k up to k (the "row subtree").
    const mark = new Int32Array(n).fill(-1);
    const stack = new Int32Array(n);
    const reach = (k: number): number => {
      // Writes the pattern of row k (without k) to stack[top..n), in an order that respects the tree.
      let top = n;
      mark[k] = k;
      for (let p = upperStart[k]; p < upperStart[k + 1]; p++) {
        let i = upperRows[p];
        if (i > k) continue;
        let length = 0;
        for (; mark[i] !== k; i = parent[i]) {
          stack[length++] = i;
          mark[i] = k;
        }
        while (length > 0) stack[--top] = stack[--length];
      }
      return top;
    };

    // Column counts, then the numeric factorisation row by row.
    const counts = new Int32Array(n).fill(1);
    for (let k = 0; k < n; k++) {
      for (let t = reach(k); t < n; t++) counts[stack[t]]++;
    }
    mark.fill(-1);
    const colStart = new Int32Array(n + 1);
    for (let j = 0; j < n; j++) colStart[j + 1] = colStart[j] + counts[j];
    const rows = new Int32Array(colStart[n]);
    const values = new Float64Array(colStart[n]);
    const next = colStart.slice(0, n);
    const x = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const top = reach(k);
      for (let p = upperStart[k]; p < upperStart[k + 1]; p++) x[upperRows[p]] = upperValues[p];
      let d = x[k];
      x[k] = 0;
      for (let t = top; t < n; t++) {
        const j = stack[t];
        const lkj = x[j] / values[colStart[j]];
        x[j] = 0;
        for (let p = colStart[j] + 1; p < next[j]; p++) x[rows[p]] -= values[p] * lkj;
        d -= lkj * lkj;
        rows[next[j]] = k;
        values[next[j]++] = lkj;
      }
      if (!(d > 0))
        throw new RangeError(
          'matrix is not positive definite: is the body held against rigid motion?',
        );
      rows[next[k]] = k;
      values[next[k]++] = Math.sqrt(d);
    }
    this.colStart = colStart;
    this.rows = rows;
    this.values = values;
    this.factorNonzeros = colStart[n];
    this.work = new Float64Array(n);
  }

  /** x = A⁻¹ b (x and b may be the same array). */
  solve(b: Float64Array, x: Float64Array): void {
    const { size: n, order, colStart, rows, values } = this;
    const y = this.work;
    for (let k = 0; k < n; k++) y[k] = b[order[k]];
    // L y' = y, by columns.
    for (let j = 0; j < n; j++) {
      const yj = y[j] / values[colStart[j]];
      y[j] = yj;
      for (let p = colStart[j] + 1; p < colStart[j + 1]; p++) y[rows[p]] -= values[p] * yj;
    }
    // Lᵀ x' = y', by columns of L (rows of Lᵀ).
    for (let j = n - 1; j >= 0; j--) {
      let s = y[j];
      for (let p = colStart[j] + 1; p < colStart[j + 1]; p++) s -= values[p] * y[rows[p]];
      y[j] = s / values[colStart[j]];
    }
    for (let k = 0; k < n; k++) x[order[k]] = y[k];
  }
}
