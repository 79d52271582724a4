import type { CsrMatrix } from '../sparse/csr.js';

/**
 * The symbolic half of a sparse Cholesky factorisation C = P A Pᵀ = L Lᵀ: everything that depends
 * on A's pattern and the ordering only, so a matrix with the same pattern and new values (Newton's
 * next tangent) is factored without it. L is cut into fundamental supernodes (Liu, Ng and Peyton
 * 1993): runs of consecutive columns that form a chain in the elimination tree and share one row
 * pattern below their diagonal block, each stored as one dense column-major block. On a mesh with
 * two unknowns per node every node's pair of columns is in one supernode, and a nested-dissection
 * separator makes one large dense supernode.
 *
 * The pattern is taken as stored (an explicit zero counts as a nonzero) and only its upper
 * triangle in the new order is read: row order[k]'s entries in columns placed at k or later, which
 * for a symmetric A are the entries of column k of C on and below the diagonal.
 */
export interface CholeskyAnalysis {
  readonly size: number;
  /** order[k] is the row of A placed k-th. */
  readonly order: Int32Array;
  /** Copies of the pattern it was made for, to refuse a matrix with another one. */
  readonly rowStart: Int32Array;
  readonly columns: Int32Array;
  /** Column k of C on and below its diagonal: rows lowerRows[lowerStart[k] .. lowerStart[k+1]), values at A.values[lowerSource[·]]. */
  readonly lowerStart: Int32Array;
  readonly lowerRows: Int32Array;
  readonly lowerSource: Int32Array;
  readonly supernodes: number;
  /** Supernode s has columns firstColumn[s] .. firstColumn[s+1] − 1. */
  readonly firstColumn: Int32Array;
  /** Its rows, ascending (its own columns first): rowList[rowListStart[s] .. rowListStart[s+1]). */
  readonly rowListStart: Int32Array;
  readonly rowList: Int32Array;
  /** Its dense block (rows × columns, column-major) starts at valueStart[s] in the factor's values. */
  readonly valueStart: Int32Array;
  readonly supernodeOf: Int32Array;
  /** The most rows of any supernode (the size of the numeric phase's scratch). */
  readonly maxRows: number;
  /** Nonzeros of L, diagonal included. */
  readonly factorNonzeros: number;
}

export function analyseCholesky(a: CsrMatrix, order: Int32Array): CholeskyAnalysis {
  // Each pass is its own function: V8 then optimises each on its own (a long function of
  // several loops is optimised for the first and thrown back to the interpreter at the next).
  const n = a.size;
  const position = inversePermutation(order, n);
  const { lowerStart, lowerRows, lowerSource } = lowerPattern(a, order, position);
  const parent = eliminationTree(n, lowerStart, lowerRows);
  const supernodal = supernodePatterns(n, lowerStart, lowerRows, parent);
  const { supernodes, firstColumn, rowListStart } = supernodal;
  const valueStart = new Int32Array(supernodes + 1);
  let factorNonzeros = 0;
  let maxRows = 0;
  for (let t = 0; t < supernodes; t++) {
    const columns = firstColumn[t + 1] - firstColumn[t];
    const rows = rowListStart[t + 1] - rowListStart[t];
    valueStart[t + 1] = valueStart[t] + rows * columns;
    factorNonzeros += rows * columns - (columns * (columns - 1)) / 2;
    maxRows = Math.max(maxRows, rows);
  }
  return {
    size: n,
    order,
    rowStart: a.rowStart.slice(),
    columns: a.columns.slice(0, a.rowStart[n]),
    lowerStart,
    lowerRows,
    lowerSource,
    ...supernodal,
    valueStart,
    maxRows,
    factorNonzeros,
  };
}

/** position[order[k]] = k; throws unless `order` is a permutation of 0 .. n − 1. */
function inversePermutation(order: Int32Array, n: number): Int32Array {
  const position = new Int32Array(n).fill(-1);
  if (order.length !== n)
    throw new RangeError('the ordering must list every row of the matrix once');
  for (let k = 0; k < n; k++) {
    if (!(order[k] >= 0 && order[k] < n) || position[order[k]] >= 0)
      throw new RangeError('the ordering must list every row of the matrix once');
    position[order[k]] = k;
  }
  return position;
}

/** Column k of C = P A Pᵀ on and below the diagonal, from row order[k] of A. */
function lowerPattern(a: CsrMatrix, order: Int32Array, position: Int32Array) {
  const n = a.size;
  const lowerStart = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    let count = 0;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++)
      if (position[a.columns[p]] >= k) count++;
    lowerStart[k + 1] = lowerStart[k] + count;
  }
  const lowerRows = new Int32Array(lowerStart[n]);
  const lowerSource = new Int32Array(lowerStart[n]);
  for (let k = 0, q = 0; k < n; k++) {
    const i = order[k];
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
      const r = position[a.columns[p]];
      if (r < k) continue;
      lowerRows[q] = r;
      lowerSource[q++] = p;
    }
  }
  return { lowerStart, lowerRows, lowerSource };
}

/**
 * The elimination tree (Liu, with path compression through `ancestor`), from the lower
 * triangle by columns: entry (r, j) links j's root below r to r, visited row by row.
 */
function eliminationTree(n: number, lowerStart: Int32Array, lowerRows: Int32Array): Int32Array {
  // Row r's entries left of the diagonal: the same pattern transposed.
  const leftStart = new Int32Array(n + 1);
  for (let p = 0; p < lowerRows.length; p++) leftStart[lowerRows[p] + 1]++;
  for (let k = 0; k < n; k++) leftStart[k + 1] += leftStart[k];
  const leftColumns = new Int32Array(leftStart[n]);
  const fill = leftStart.slice(0, n);
  for (let j = 0; j < n; j++) {
    for (let p = lowerStart[j]; p < lowerStart[j + 1]; p++) leftColumns[fill[lowerRows[p]]++] = j;
  }
  const parent = new Int32Array(n).fill(-1);
  const ancestor = new Int32Array(n).fill(-1);
  for (let k = 0; k < n; k++) {
    for (let p = leftStart[k]; p < leftStart[k + 1]; p++) {
      for (let i = leftColumns[p]; i !== -1 && i < k; ) {
        const next = ancestor[i];
        ancestor[i] = k;
        if (next === -1) parent[i] = k;
        i = next;
      }
    }
  }
  return parent;
}

/**
 * Fundamental supernodes and their row patterns, column by column. Column j continues the
 * supernode of j − 1 when j − 1 is its only child and A's column j adds no row to that
 * supernode's pattern: then L's column j has the supernode's pattern minus its earlier columns.
 * Otherwise j starts a supernode whose pattern is A's column j with its children's patterns
 * below their own columns.
 */
function supernodePatterns(
  n: number,
  lowerStart: Int32Array,
  lowerRows: Int32Array,
  parent: Int32Array,
) {
  const childHead = new Int32Array(n).fill(-1);
  const nextSibling = new Int32Array(n).fill(-1);
  const children = new Int32Array(n);
  for (let j = n - 1; j >= 0; j--) {
    const q = parent[j];
    if (q < 0) continue;
    nextSibling[j] = childHead[q];
    childHead[q] = j;
    children[q]++;
  }
  const firstColumn = new Int32Array(n + 1);
  const rowListStart = new Int32Array(n + 1);
  const supernodeOf = new Int32Array(n);
  const mark = new Int32Array(n).fill(-1);
  let rowList = new Int32Array(Math.max(16, 2 * lowerRows.length));
  let length = 0;
  let s = -1;
  for (let j = 0; j < n; j++) {
    let continues = j > 0 && parent[j - 1] === j && children[j] === 1;
    for (let p = lowerStart[j]; continues && p < lowerStart[j + 1]; p++)
      continues = mark[lowerRows[p]] === s;
    if (continues) {
      supernodeOf[j] = s;
      continue;
    }
    s++;
    firstColumn[s] = j;
    supernodeOf[j] = s;
    // At most: j, A's column, and every child's rows.
    let most = 1 + lowerStart[j + 1] - lowerStart[j];
    for (let c = childHead[j]; c !== -1; c = nextSibling[c])
      most += rowListStart[supernodeOf[c] + 1] - rowListStart[supernodeOf[c]];
    if (length + most > rowList.length) {
      const grown = new Int32Array(Math.max(2 * rowList.length, length + most));
      grown.set(rowList.subarray(0, length));
      rowList = grown;
    }
    const start = length;
    mark[j] = s;
    rowList[length++] = j;
    for (let p = lowerStart[j]; p < lowerStart[j + 1]; p++) {
      const r = lowerRows[p];
      if (mark[r] === s) continue;
      mark[r] = s;
      rowList[length++] = r;
    }
    for (let c = childHead[j]; c !== -1; c = nextSibling[c]) {
      // c is the last column of its supernode: its rows below its own columns are all ≥ j.
      const child = supernodeOf[c];
      const own = firstColumn[child + 1] - firstColumn[child];
      for (let q = rowListStart[child] + own; q < rowListStart[child + 1]; q++) {
        const r = rowList[q];
        if (mark[r] === s) continue;
        mark[r] = s;
        rowList[length++] = r;
      }
    }
    rowList.subarray(start, length).sort();
    rowListStart[s + 1] = length;
  }
  const supernodes = s + 1;
  firstColumn[supernodes] = n;
  return {
    supernodes,
    firstColumn: firstColumn.slice(0, supernodes + 1),
    rowListStart: rowListStart.slice(0, supernodes + 1),
    rowList: rowList.slice(0, length),
    supernodeOf,
  };
}

/** Whether `a` has exactly the pattern the analysis was made for. */
export function hasAnalysedPattern(a: CsrMatrix, analysis: CholeskyAnalysis): boolean {
  const { rowStart, columns } = analysis;
  if (a.size !== analysis.size) return false;
  for (let i = 0; i <= a.size; i++) if (a.rowStart[i] !== rowStart[i]) return false;
  for (let p = 0; p < columns.length; p++) if (a.columns[p] !== columns[p]) return false;
  return true;
}
