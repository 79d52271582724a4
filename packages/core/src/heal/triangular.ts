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
