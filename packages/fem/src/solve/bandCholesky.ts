import type { CsrMatrix } from '../sparse/csr.js';

/**
 * Cholesky factorisation of a sparse SPD matrix in band form, after a reverse Cuthill–McKee
 * ordering: for a 2D mesh the band is about √n wide, so the work is n·b² instead of n³/3.
 * Row i of L is nonzero only from the first column row i of A reaches (its envelope: the
 * factor fills in no further left), so the sums start there: the terms skipped are exact
 * zeros, and the factor is the full band's to the bit at about half the work after RCM.
 * Used for the coarsest multigrid level.
 */
export class BandCholesky {
  private readonly n: number;
  private readonly band: number;
  /** Row i holds L[i][i−band .. i] at band·... positions: l[i·(band+1) + (j − i + band)]. */
  private readonly l: Float64Array;
  private readonly order: Int32Array;
  /** Leftmost nonzero column of each row of L. */
  private readonly first: Int32Array;
  private readonly permutedB: Float64Array;

  constructor(a: CsrMatrix) {
    // Each step a function of its own: a first call in a fresh process runs these loops before
    // they are optimised, and a small function is compiled (on-stack) sooner than a large one.
    const n = a.size;
    this.n = n;
    this.order = reverseCuthillMcKee(a);
    const position = new Int32Array(n);
    for (let k = 0; k < n; k++) position[this.order[k]] = k;
    this.band = bandwidth(a, position);
    this.first = Int32Array.from({ length: n }, (_, i) => i);
    this.l = permutedLowerBand(a, position, this.band, this.first);
    factorInPlace(this.l, n, this.band, this.first);
    this.permutedB = new Float64Array(n);
  }

  solve(b: Float64Array, x: Float64Array): void {
    const { l, n, band, order, first } = this;
    const y = this.permutedB;
    for (let k = 0; k < n; k++) y[k] = b[order[k]];
    forwardSubstitute(l, n, band, first, y);
    backSubstitute(l, n, band, y);
    for (let k = 0; k < n; k++) x[order[k]] = y[k];
  }
}

/** y ← L⁻¹ y. */
function forwardSubstitute(
  l: Float64Array,
  n: number,
  band: number,
  first: Int32Array,
  y: Float64Array,
): void {
  const w = band + 1;
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = first[i]; k < i; k++) s -= l[i * w + (k - i + band)] * y[k];
    y[i] = s / l[i * w + band];
  }
}

/** y ← L⁻ᵀ y. */
function backSubstitute(l: Float64Array, n: number, band: number, y: Float64Array): void {
  const w = band + 1;
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k <= Math.min(n - 1, i + band); k++) s -= l[k * w + (i - k + band)] * y[k];
    y[i] = s / l[i * w + band];
  }
}

/** The largest distance from the diagonal of a nonzero of `a` after the permutation `position`. */
function bandwidth(a: CsrMatrix, position: Int32Array): number {
  let band = 0;
  for (let i = 0; i < a.size; i++) {
    for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
      if (a.values[k] !== 0) band = Math.max(band, Math.abs(position[i] - position[a.columns[k]]));
    }
  }
  return band;
}

/** The permuted lower triangle of `a` in band form; lowers first[i] to row i's leftmost nonzero. */
function permutedLowerBand(
  a: CsrMatrix,
  position: Int32Array,
  band: number,
  first: Int32Array,
): Float64Array {
  const w = band + 1;
  const l = new Float64Array(a.size * w);
  for (let i = 0; i < a.size; i++) {
    const pi = position[i];
    for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
      const pj = position[a.columns[k]];
      // Explicit zeros (rows cleared for prescribed values) may lie outside the band: skip them.
      if (pj <= pi && a.values[k] !== 0) {
        l[pi * w + (pj - pi + band)] = a.values[k];
        if (pj < first[pi]) first[pi] = pj;
      }
    }
  }
  return l;
}

/** Overwrite the band `l` (lower triangle of an SPD matrix) with its Cholesky factor. */
function factorInPlace(l: Float64Array, n: number, band: number, first: Int32Array): void {
  const w = band + 1;
  for (let j = 0; j < n; j++) {
    const jw = j * w;
    let d = l[jw + band];
    for (let k = first[j]; k < j; k++) d -= l[jw + (k - j + band)] ** 2;
    if (!(d > 0))
      throw new RangeError(
        'matrix is not positive definite: is the body held against rigid motion?',
      );
    const djj = Math.sqrt(d);
    l[jw + band] = djj;
    for (let i = j + 1; i <= Math.min(n - 1, j + band); i++) {
      // Row i is zero up to first[i], in L as in A.
      if (first[i] > j) continue;
      const iw = i * w;
      let s = l[iw + (j - i + band)];
      for (let k = Math.max(first[i], first[j]); k < j; k++)
        s -= l[iw + (k - i + band)] * l[jw + (k - j + band)];
      l[iw + (j - i + band)] = s / djj;
    }
  }
}

/** Reverse Cuthill–McKee ordering of the matrix's graph (breadth-first from a low-degree node). */
function reverseCuthillMcKee(a: CsrMatrix): Int32Array {
  const n = a.size;
  const degree = new Int32Array(n);
  for (let i = 0; i < n; i++) degree[i] = a.rowStart[i + 1] - a.rowStart[i];
  const visited = new Uint8Array(n);
  const order = new Int32Array(n);
  let count = 0;
  while (count < n) {
    let start = -1;
    for (let i = 0; i < n; i++)
      if (!visited[i] && (start < 0 || degree[i] < degree[start])) start = i;
    visited[start] = 1;
    order[count++] = start;
    for (let head = count - 1; head < count; head++) {
      const v = order[head];
      const next: number[] = [];
      for (let k = a.rowStart[v]; k < a.rowStart[v + 1]; k++) {
        const u = a.columns[k];
        if (!visited[u]) {
          visited[u] = 1;
          next.push(u);
        }
      }
      next.sort((p, q) => degree[p] - degree[q]);
      for (const u of next) order[count++] = u;
    }
  }
  order.reverse();
  return order;
}
