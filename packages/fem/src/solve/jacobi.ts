import { type CsrMatrix, diagonal } from '../sparse/csr.js';
import type { Preconditioner } from './pcg.js';

/** Diagonal scaling: cheap, and the baseline the multigrid preconditioner is measured against. */
export class JacobiPreconditioner implements Preconditioner {
  private readonly inverse: Float64Array;
  constructor(a: CsrMatrix) {
    this.inverse = diagonal(a).map((d) => (d !== 0 ? 1 / d : 1));
  }
  apply(residual: Float64Array, out: Float64Array): void {
    for (let i = 0; i < residual.length; i++) out[i] = this.inverse[i] * residual[i];
  }
}
