import type { CsrMatrix } from './csr.js';

/**
 * A matrix in MatrixMarket coordinate format (real general, 1-based) as text chunks of about
 * `rowsPerChunk` rows: a million-unknown system is hundreds of MB of text, so write it piecewise.
 */
export function* matrixMarketChunks(a: CsrMatrix, rowsPerChunk = 20_000): Generator<string> {
  yield `%%MatrixMarket matrix coordinate real general\n${a.size} ${a.size} ${a.values.length}\n`;
  for (let start = 0; start < a.size; start += rowsPerChunk) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(a.size, start + rowsPerChunk); i++) {
      for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
        lines.push(`${i + 1} ${a.columns[k] + 1} ${a.values[k]}`);
      }
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** A vector in MatrixMarket array format (one dense column), as text chunks. */
export function* vectorMatrixMarketChunks(v: Float64Array, perChunk = 100_000): Generator<string> {
  yield `%%MatrixMarket matrix array real general\n${v.length} 1\n`;
  for (let start = 0; start < v.length; start += perChunk) {
    yield `${Array.from(v.subarray(start, Math.min(v.length, start + perChunk))).join('\n')}\n`;
  }
}
