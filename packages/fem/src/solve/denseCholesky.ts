import type { CsrMatrix } from '../sparse/csr.js';

/** Dense Cholesky factor of a small SPD matrix (the multigrid's coarsest level). */
export class DenseCholesky {
  private readonly l: Float64Array;
  private readonly n: number;

  constructor(a: CsrMatrix) {
    const n = a.size;
    this.n = n;
    const l = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) l[i * n + a.columns[k]] = a.values[k];
    }
    for (let j = 0; j < n; j++) {
      let d = l[j * n + j];
      for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
      if (!(d > 0))
        throw new RangeError(
          'coarse matrix is not positive definite: is the body held against rigid motion?',
        );
      const djj = Math.sqrt(d);
      l[j * n + j] = djj;
      for (let i = j + 1; i < n; i++) {
        let s = l[i * n + j];
        for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
        l[i * n + j] = s / djj;
      }
    }
    this.l = l;
  }

  solve(b: Float64Array, x: Float64Array): void {
    const { l, n } = this;
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
      x[i] = s / l[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
      x[i] = s / l[i * n + i];
    }
  }
}
