/**
 * The heat map's colour scale: tightening (area loss) from 0 to the largest it reaches on any day
 * shown, so a colour means the same on every day of the slider. Skin that does not tighten (or
 * is stretched, around the treated zones) takes the scale's first colour.
 */
export function scaleMaximum(nodalAreaLoss: ArrayLike<number>, eta: ArrayLike<number>): number {
  let largestLoss = 0;
  for (let n = 0; n < nodalAreaLoss.length; n++)
    largestLoss = Math.max(largestLoss, nodalAreaLoss[n]);
  let largestEta = 0;
  for (let d = 0; d < eta.length; d++) largestEta = Math.max(largestEta, eta[d]);
  return niceCeiling(largestLoss * largestEta);
}

/** Round steps for the scale's top: close enough that the map's colours are used, not wasted. */
const NICE_STEPS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round number (a NICE_STEPS value × a power of ten) at or above `value` (0 stays 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of NICE_STEPS) {
    const candidate = step * power;
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 * power;
}

/** Evenly spaced tick values from 0 to `maximum`, `count` intervals. */
export function scaleTicks(maximum: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, k) => (maximum * k) / count);
}
