/**
 * `Number(value.toFixed(decimals))` — a value rounded to a number of decimals without binary
 * noise in the JSON (0.1234, not 0.12340000000000001) — at a twentieth of the cost, for the
 * planner's tens of thousands of coordinates a plan.
 *
 * toFixed rounds the value's exact decimal expansion. value × 10^decimals is off from the exact
 * product by at most 2^-22 here (|product| < 2^31), so it rounds to the same whole number unless
 * the product is within 1e-6 of a half; and n / 10^decimals, one correctly rounded division, is
 * the double nearest the decimal n·10^-decimals, exactly what parsing toFixed's digits gives.
 * Near a half, for zero (toFixed drops the sign of −0), out of range or not finite: toFixed itself.
 */
export function roundDecimals(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const scaled = value * scale;
  if (Math.abs(scaled) < 2 ** 31 && decimals <= 15) {
    const whole = Math.round(scaled);
    const fraction = scaled - Math.floor(scaled);
    if (whole !== 0 && Math.abs(fraction - 0.5) > 1e-6) return whole / scale;
  }
  return Number(value.toFixed(decimals));
}
