/**
 * The charts' scales: a linear map from values to SVG pixels, and round tick values (1, 2 or 5
 * times a power of ten) so an axis reads 0, 0.5, 1, 1.5 rather than 0, 0.43, 0.86.
 */
export type Domain = readonly [number, number];

export function linearScale(domain: Domain, range: readonly [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value: number) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** A round step for about `count` intervals across `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * The domain every value (and `always`, e.g. 0) fits in, widened to whole ticks, with its ticks.
 * Without values it is [0, 1] (an empty chart still has an axis).
 */
export function niceDomain(
  values: readonly number[],
  always: readonly number[] = [],
  count = 5,
): { domain: Domain; ticks: number[] } {
  const all = [...values, ...always].filter(Number.isFinite);
  let min = all.length ? Math.min(...all) : 0;
  let max = all.length ? Math.max(...all) : 1;
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const step = niceStep(max - min, count);
  // A value a hair past a tick (floating point) stays on it.
  const low = Math.floor(min / step + 1e-9) * step;
  const high = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  // Whole multiples of the step, without 0.30000000000000004.
  for (let i = Math.round(low / step); i <= Math.round(high / step); i++)
    ticks.push(Number((i * step).toPrecision(12)));
  return { domain: [low, high], ticks };
}
