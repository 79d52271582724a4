/**
 * Displacement arrows, thinned to one per square of `spacingMm` so they stay readable: in each
 * square the node nearest its centre, if it moves at all (anchored nodes do not). Packed as
 * x, y, ux, uy per arrow (mm; the displacement per unit of the healing curve, like the field).
 */
export function decimateArrows(
  nodesXY: Float64Array,
  displacementMm: Float64Array,
  spacingMm: number,
): Float64Array {
  if (!(spacingMm > 0)) throw new RangeError('arrow spacing must be positive');
  const best = new Map<string, { node: number; distance: number }>();
  const nodeCount = nodesXY.length / 2;
  for (let n = 0; n < nodeCount; n++) {
    const x = nodesXY[2 * n];
    const y = nodesXY[2 * n + 1];
    if (displacementMm[2 * n] === 0 && displacementMm[2 * n + 1] === 0) continue;
    const i = Math.floor(x / spacingMm);
    const j = Math.floor(y / spacingMm);
    const distance = Math.hypot(x - (i + 0.5) * spacingMm, y - (j + 0.5) * spacingMm);
    const key = `${i},${j}`;
    const current = best.get(key);
    // Ties go to the lower node number, so the choice does not depend on iteration order.
    if (!current || distance < current.distance) best.set(key, { node: n, distance });
  }
  const chosen = [...best.values()].map((b) => b.node).sort((a, b) => a - b);
  const out = new Float64Array(4 * chosen.length);
  chosen.forEach((n, k) => {
    out.set(
      [nodesXY[2 * n], nodesXY[2 * n + 1], displacementMm[2 * n], displacementMm[2 * n + 1]],
      4 * k,
    );
  });
  return out;
}

/**
 * How much to lengthen the arrows to see them: the largest "round" factor (1, 2 or 5 × a power
 * of ten) at which the longest displacement drawn stays within `maxLengthMm`. The drawing states
 * the factor, so the picture does not pass an exaggeration off as the real movement.
 */
export function arrowExaggeration(longestDisplacementMm: number, maxLengthMm: number): number {
  if (!(longestDisplacementMm > 0) || !(maxLengthMm > 0)) return 1;
  const limit = maxLengthMm / longestDisplacementMm;
  let best = 1;
  for (let power = -3; power <= 6; power++) {
    for (const step of [1, 2, 5]) {
      const factor = step * 10 ** power;
      if (factor <= limit * (1 + 1e-12)) best = factor;
    }
  }
  return best;
}

/** The longest displacement among packed arrows, mm. */
export function longestArrowMm(arrows: Float64Array): number {
  let longest = 0;
  for (let k = 0; k < arrows.length; k += 4)
    longest = Math.max(longest, Math.hypot(arrows[k + 2], arrows[k + 3]));
  return longest;
}
