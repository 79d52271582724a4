/**
 * Variance-based sensitivity (Sobol indices) by Saltelli's sampling scheme: two independent
 * sample matrices A and B of N rows over the k inputs (uniform numbers in [0, 1), mapped to each
 * input's distribution by the model), and for every input i the matrix A_B^i — A with column i
 * taken from B. From the N (k + 2) model runs:
 *
 *   first order  S_i  = mean(f(B) · (f(A_B^i) − f(A))) / V          (Saltelli et al. 2010)
 *   total order  S_Ti = mean((f(A) − f(A_B^i))²) / (2V)             (Jansen 1999)
 *
 * with V the variance of f over A and B together. S_i is the share of the output's variance
 * that input i explains alone; S_Ti adds its interactions with the others. Confidence intervals
 * by bootstrap over the N rows.
 */

export interface SobolIndices {
  readonly first: Float64Array;
  readonly total: Float64Array;
  /** Half-width of the 95 % bootstrap interval of each index. */
  readonly firstHalfWidth: Float64Array;
  readonly totalHalfWidth: Float64Array;
  readonly variance: number;
  readonly mean: number;
}

/** Uniform numbers for Saltelli's scheme: A and B as N × k row-major arrays. */
export function saltelliMatrices(
  rows: number,
  inputs: number,
  next: () => number,
): { a: Float64Array; b: Float64Array } {
  const a = new Float64Array(rows * inputs);
  const b = new Float64Array(rows * inputs);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < inputs; c++) a[r * inputs + c] = next();
    for (let c = 0; c < inputs; c++) b[r * inputs + c] = next();
  }
  return { a, b };
}

/**
 * Sobol indices of `model` (several outputs at once) over the uniform matrices: `model(u, out)`
 * maps one row of uniform numbers to the outputs.
 */
export function sobolIndices(
  model: (u: Float64Array, out: Float64Array) => void,
  outputs: number,
  matrices: { a: Float64Array; b: Float64Array },
  inputs: number,
  next: () => number,
  bootstrap = 200,
): SobolIndices[] {
  const rows = matrices.a.length / inputs;
  const fa = new Float64Array(rows * outputs);
  const fb = new Float64Array(rows * outputs);
  const fab = new Float64Array(inputs * rows * outputs);
  const row = new Float64Array(inputs);
  const out = new Float64Array(outputs);
  for (let r = 0; r < rows; r++) {
    row.set(matrices.a.subarray(r * inputs, (r + 1) * inputs));
    model(row, out);
    fa.set(out, r * outputs);
    row.set(matrices.b.subarray(r * inputs, (r + 1) * inputs));
    model(row, out);
    fb.set(out, r * outputs);
    for (let i = 0; i < inputs; i++) {
      row.set(matrices.a.subarray(r * inputs, (r + 1) * inputs));
      row[i] = matrices.b[r * inputs + i];
      model(row, out);
      fab.set(out, (i * rows + r) * outputs);
    }
  }

  const estimate = (o: number, pick: (n: number) => number) => {
    let sum = 0;
    let sumSq = 0;
    for (let n = 0; n < rows; n++) {
      const r = pick(n);
      for (const v of [fa[r * outputs + o], fb[r * outputs + o]]) {
        sum += v;
        sumSq += v * v;
      }
    }
    const mean = sum / (2 * rows);
    const variance = sumSq / (2 * rows) - mean * mean;
    const first = new Float64Array(inputs);
    const total = new Float64Array(inputs);
    for (let i = 0; i < inputs; i++) {
      let s = 0;
      let t = 0;
      for (let n = 0; n < rows; n++) {
        const r = pick(n);
        const a = fa[r * outputs + o];
        const ab = fab[(i * rows + r) * outputs + o];
        s += fb[r * outputs + o] * (ab - a);
        t += (a - ab) ** 2;
      }
      first[i] = variance > 0 ? s / rows / variance : 0;
      total[i] = variance > 0 ? t / rows / (2 * variance) : 0;
    }
    return { first, total, variance, mean };
  };

  return Array.from({ length: outputs }, (_, o) => {
    const point = estimate(o, (n) => n);
    const firstDraws: number[][] = Array.from({ length: inputs }, () => []);
    const totalDraws: number[][] = Array.from({ length: inputs }, () => []);
    for (let b = 0; b < bootstrap; b++) {
      const picks = Int32Array.from({ length: rows }, () => Math.floor(next() * rows));
      const draw = estimate(o, (n) => picks[n]);
      for (let i = 0; i < inputs; i++) {
        firstDraws[i].push(draw.first[i]);
        totalDraws[i].push(draw.total[i]);
      }
    }
    const halfWidth = (draws: number[]) => {
      const sorted = [...draws].sort((x, y) => x - y);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
      return (at(0.975) - at(0.025)) / 2;
    };
    return {
      ...point,
      firstHalfWidth: Float64Array.from(firstDraws, halfWidth),
      totalHalfWidth: Float64Array.from(totalDraws, halfWidth),
    };
  });
}
