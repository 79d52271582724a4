import { HEALING_PARAMETERS, type HealingParameterName } from './parameters.js';

/**
 * The quantile of the triangular distribution on [a, b] with its peak at `mode`: u ∈ [0, 1) → x.
 * The virtual cohort draws the uncertain parameters so (peak at the default), and the
 * sensitivity analysis maps its uniform samples through the same function.
 */
export function triangularQuantile(a: number, mode: number, b: number, u: number): number {
  const f = (mode - a) / (b - a);
  return u < f
    ? a + Math.sqrt(u * (b - a) * (mode - a))
    : b - Math.sqrt((1 - u) * (b - a) * (b - mode));
}

/**
 * A healing parameter's value at the quantile u ∈ [0, 1] of the distribution the virtual cohort
 * draws it from: triangular over its range with the peak at the default, on a log scale where the
 * parameter says so. One place for the cohort (simulate.ts) and the sensitivity analysis.
 */
export function parameterQuantile(name: HealingParameterName, u: number): number {
  const spec = HEALING_PARAMETERS[name] as {
    value: number;
    range: readonly [number, number];
    logScale?: boolean;
  };
  const map = spec.logScale ? Math.log : (v: number) => v;
  const unmap = spec.logScale ? Math.exp : (v: number) => v;
  return unmap(triangularQuantile(map(spec.range[0]), map(spec.value), map(spec.range[1]), u));
}
