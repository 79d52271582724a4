import type { CsrMatrix } from '../sparse/csr.js';
import { analyseCholesky, type CholeskyAnalysis, hasAnalysedPattern } from './choleskyAnalysis.js';

/**
 * Sparse Cholesky factorisation A = P L Lᵀ Pᵀ of an SPD matrix, after a fill-reducing ordering
 * (`nestedDissectionOrder` for a mesh). Supernodal and left-looking, in the manner of CHOLMOD:
 * the symbolic analysis (`analyseCholesky`) cuts L into supernodes, dense column blocks; each
 * supernode in turn gathers A's columns, subtracts the products of the earlier supernodes that
 * reach its rows (dense kernels, whose inner loops run down contiguous columns), then factors its
 * block densely. The scalar up-looking algorithm does the same arithmetic with an indirect access
 * for every multiply-add. For a 2D mesh of n unknowns L keeps O(n log n) nonzeros and costs
 * O(n^1.5), where the banded factor costs O(n²): the exact solver for graded meshes that nested
 * multigrid does not fit. The pattern is taken as stored (explicit zeros count) and only P A Pᵀ's
 * triangle on and below the diagonal is read: see `CholeskyAnalysis`.
 */
export class SparseCholesky {
  readonly size: number;
  /** Nonzeros of L, diagonal included. */
  readonly factorNonzeros: number;
  readonly analysis: CholeskyAnalysis;
  /** Supernode s's block (rows × columns, column-major) at analysis.valueStart[s]. */
  private readonly values: Float64Array;
  private readonly work: Float64Array;

  /**
   * @param order order[k] is the row of A placed k-th (a permutation of 0 .. size−1), or the
   *   analysis of a matrix with the same pattern (see `refactor`).
   */
  constructor(a: CsrMatrix, order: Int32Array | CholeskyAnalysis) {
    const analysis = order instanceof Int32Array ? analyseCholesky(a, order) : order;
    if (analysis === order && !hasAnalysedPattern(a, analysis))
      throw new RangeError('the matrix does not have the pattern the analysis was made for');
    this.analysis = analysis;
    this.size = analysis.size;
    this.factorNonzeros = analysis.factorNonzeros;
    this.values = factorNumerically(a.values, analysis);
    this.work = new Float64Array(analysis.size);
  }

  /** The factor of a matrix with this one's pattern and new values, reusing its analysis. */
  refactor(a: CsrMatrix): SparseCholesky {
    return new SparseCholesky(a, this.analysis);
  }

  /** x = A⁻¹ b (x and b may be the same array). */
  solve(b: Float64Array, x: Float64Array): void {
    const { order, supernodes, firstColumn, rowListStart, rowList, valueStart } = this.analysis;
    const { size: n, values } = this;
    const y = this.work;
    for (let k = 0; k < n; k++) y[k] = b[order[k]];
    // L y' = y, by columns; a supernode's first rows are its own columns.
    for (let s = 0; s < supernodes; s++) {
      const first = firstColumn[s];
      const columns = firstColumn[s + 1] - first;
      const rows = rowListStart[s + 1] - rowListStart[s];
      const pattern = rowListStart[s];
      for (let j = 0; j < columns; j++) {
        const column = valueStart[s] + j * rows;
        const yj = y[first + j] / values[column + j];
        y[first + j] = yj;
        for (let r = j + 1; r < columns; r++) y[first + r] -= values[column + r] * yj;
        for (let r = columns; r < rows; r++) y[rowList[pattern + r]] -= values[column + r] * yj;
      }
    }
    // Lᵀ x' = y', by columns of L (rows of Lᵀ).
    for (let s = supernodes - 1; s >= 0; s--) {
      const first = firstColumn[s];
      const columns = firstColumn[s + 1] - first;
      const rows = rowListStart[s + 1] - rowListStart[s];
      const pattern = rowListStart[s];
      for (let j = columns - 1; j >= 0; j--) {
        const column = valueStart[s] + j * rows;
        let sum = y[first + j];
        for (let r = j + 1; r < columns; r++) sum -= values[column + r] * y[first + r];
        for (let r = columns; r < rows; r++) sum -= values[column + r] * y[rowList[pattern + r]];
        y[first + j] = sum / values[column + j];
      }
    }
    for (let k = 0; k < n; k++) x[order[k]] = y[k];
  }
}

/**
 * The supernodal blocks of L for A's values `aValues` (left-looking). The loops' bodies are small
 * functions, which V8 optimises after a few calls: what the first factorisation in a process runs.
 */
function factorNumerically(aValues: Float64Array, analysis: CholeskyAnalysis): Float64Array {
  const {
    size: n,
    supernodes,
    firstColumn,
    rowListStart,
    rowList,
    valueStart,
    supernodeOf,
  } = analysis;
  const values = new Float64Array(valueStart[supernodes]);
  /** Row → its place in the current supernode's pattern. */
  const local = new Int32Array(n);
  // Supernodes whose next rows (from next[d] on) fall in supernode s: a list from pending[s] on
  // through linked[·]. A supernode joins the list of the next supernode it updates once done.
  const pending = new Int32Array(supernodes).fill(-1);
  const linked = new Int32Array(supernodes);
  const next = new Int32Array(supernodes);
  const target = new Int32Array(analysis.maxRows);
  const update0 = new Float64Array(analysis.maxRows);
  const update1 = new Float64Array(analysis.maxRows);

  for (let s = 0; s < supernodes; s++) {
    const end = firstColumn[s + 1];
    const columns = end - firstColumn[s];
    const pattern = rowListStart[s];
    const rows = rowListStart[s + 1] - pattern;
    const block = valueStart[s];
    gatherColumns(aValues, analysis, s, local, values);
    for (let d = pending[s]; d !== -1; ) {
      const following = linked[d];
      const dPattern = rowListStart[d];
      const dRows = rowListStart[d + 1] - dPattern;
      const p = next[d];
      let q = p;
      while (q < dRows && rowList[dPattern + q] < end) q++;
      for (let i = p; i < dRows; i++) target[i - p] = local[rowList[dPattern + i]];
      subtractProducts(
        values,
        valueStart[d] + p,
        dRows,
        firstColumn[d + 1] - firstColumn[d],
        dRows - p,
        q - p,
        block,
        rows,
        target,
        update0,
        update1,
      );
      next[d] = q;
      if (q < dRows) {
        const t = supernodeOf[rowList[dPattern + q]];
        linked[d] = pending[t];
        pending[t] = d;
      }
      d = following;
    }
    factorBlock(values, block, rows, columns);
    if (rows > columns) {
      next[s] = columns;
      const t = supernodeOf[rowList[pattern + columns]];
      linked[s] = pending[t];
      pending[t] = s;
    }
  }
  return values;
}

/** Supernode s's block = A's columns (every row of which the analysis put in its pattern). */
function gatherColumns(
  aValues: Float64Array,
  analysis: CholeskyAnalysis,
  s: number,
  local: Int32Array,
  values: Float64Array,
): void {
  const { firstColumn, rowListStart, rowList, valueStart, lowerStart, lowerRows, lowerSource } =
    analysis;
  const pattern = rowListStart[s];
  const rows = rowListStart[s + 1] - pattern;
  for (let i = 0; i < rows; i++) local[rowList[pattern + i]] = i;
  for (let j = firstColumn[s]; j < firstColumn[s + 1]; j++) {
    const column = valueStart[s] + (j - firstColumn[s]) * rows;
    for (let p = lowerStart[j]; p < lowerStart[j + 1]; p++)
      values[column + local[lowerRows[p]]] += aValues[lowerSource[p]];
  }
}

/**
 * block[target[i], target[j]] −= Σ_k D[i, k] D[j, k] for j < width, i ≥ j, where D (`below`
 * rows × `dColumns`, column-major with leading dimension `dRows`, at `dStart`) is the part of
 * an earlier supernode's block from its first row in this supernode down, and target[i] is the
 * place of D's row i in this supernode's pattern (its first `width` rows are this supernode's
 * columns). Two columns of the product at a time, two terms of the sum at a time: each load
 * serves two multiply-adds.
 */
function subtractProducts(
  values: Float64Array,
  dStart: number,
  dRows: number,
  dColumns: number,
  below: number,
  width: number,
  block: number,
  rows: number,
  target: Int32Array,
  u0: Float64Array,
  u1: Float64Array,
): void {
  let j = 0;
  for (; j + 1 < width; j += 2) {
    u0.fill(0, j, below);
    u1.fill(0, j + 1, below);
    let k = 0;
    for (; k + 1 < dColumns; k += 2) {
      const c0 = dStart + k * dRows;
      const c1 = c0 + dRows;
      const a00 = values[c0 + j];
      const a01 = values[c1 + j];
      const a10 = values[c0 + j + 1];
      const a11 = values[c1 + j + 1];
      u0[j] += a00 * a00 + a01 * a01;
      for (let i = j + 1; i < below; i++) {
        const v0 = values[c0 + i];
        const v1 = values[c1 + i];
        u0[i] += v0 * a00 + v1 * a01;
        u1[i] += v0 * a10 + v1 * a11;
      }
    }
    if (k < dColumns) {
      const c0 = dStart + k * dRows;
      const a0 = values[c0 + j];
      const a1 = values[c0 + j + 1];
      u0[j] += a0 * a0;
      for (let i = j + 1; i < below; i++) {
        const v0 = values[c0 + i];
        u0[i] += v0 * a0;
        u1[i] += v0 * a1;
      }
    }
    const column0 = block + target[j] * rows;
    const column1 = block + target[j + 1] * rows;
    for (let i = j; i < below; i++) values[column0 + target[i]] -= u0[i];
    for (let i = j + 1; i < below; i++) values[column1 + target[i]] -= u1[i];
  }
  if (j < width) {
    u0.fill(0, j, below);
    for (let k = 0; k < dColumns; k++) {
      const c0 = dStart + k * dRows;
      const a0 = values[c0 + j];
      for (let i = j; i < below; i++) u0[i] += values[c0 + i] * a0;
    }
    const column0 = block + target[j] * rows;
    for (let i = j; i < below; i++) values[column0 + target[i]] -= u0[i];
  }
}

/**
 * Dense Cholesky of a supernode's block (`rows` × `columns`, column-major, at `block`): its
 * top square becomes L's diagonal block, the rows below it are divided by its transpose.
 * Left-looking, two earlier columns at a time.
 */
function factorBlock(values: Float64Array, block: number, rows: number, columns: number): void {
  for (let j = 0; j < columns; j++) {
    const column = block + j * rows;
    let k = 0;
    for (; k + 1 < j; k += 2) {
      const e0 = block + k * rows;
      const e1 = e0 + rows;
      const a0 = values[e0 + j];
      const a1 = values[e1 + j];
      for (let i = j; i < rows; i++)
        values[column + i] -= values[e0 + i] * a0 + values[e1 + i] * a1;
    }
    if (k < j) {
      const e0 = block + k * rows;
      const a0 = values[e0 + j];
      for (let i = j; i < rows; i++) values[column + i] -= values[e0 + i] * a0;
    }
    const pivot = values[column + j];
    if (!(pivot > 0))
      throw new RangeError(
        'matrix is not positive definite: is the body held against rigid motion?',
      );
    const diagonal = Math.sqrt(pivot);
    values[column + j] = diagonal;
    for (let i = j + 1; i < rows; i++) values[column + i] /= diagonal;
  }
}
