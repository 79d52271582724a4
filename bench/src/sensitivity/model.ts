import {
  defaultParameterValues,
  type HealingParameterValues,
  lemperleChange,
  type Plan,
  RESPONSE_POSTERIOR,
  seriesAreaLossFraction,
  solveTighteningField,
  solveTighteningFieldOn,
  type TighteningDomain,
  tighteningDomain,
} from '@microcore/core';
import { calibrationDrawAt, type SensitivityInput } from './inputs.js';

/**
 * The model the sensitivity analysis runs: the default plan, one session, the outcome at 90 days
 * from Lemperle 3 — the calibration's setting. Outputs: the treated skin's area loss (%, positive
 * = loss) and the Lemperle change (grades) through the response law (heal/response.ts) with the
 * calibration's parameter set as one more input.
 *
 * The field is linear in η and in the removed fraction φ (coverage), and does not depend on the
 * modulus or thickness (they cancel; a core test shows it). What remains of it — the area change
 * per unit η — depends on the coupling length ℓ, the edge margin M, the anisotropy and Poisson's
 * ratio: a 3⁴ grid of finite-element solves over their ranges (ends and default), read by
 * multilinear interpolation in (ln ℓ, −e^(−M/ℓ), anisotropy, ν). Its error against direct solves
 * at random points is measured and reported with the indices.
 */
export const OUTPUT_NAMES = ['area loss at 90 days (%)', 'Lemperle change at 90 days (grades)'];
export const DAY = 90;
export const BASELINE_LEMPERLE = 3;

const GRID_INPUTS = [
  'foundationLengthMm',
  'fixedEdgeMarginMm',
  'anisotropyRatio',
  'poissonRatio',
] as const;

export interface FieldSurrogate {
  /** The treated skin's area change per unit η (negative = loss) for these parameters. */
  perEta(p: HealingParameterValues): number;
  readonly solves: number;
}

export function fieldSurrogate(
  plan: Plan,
  ranges: Record<string, readonly number[]>,
): FieldSurrogate {
  const zones = plan.zones.map((z) => ({ id: z.id, polygon: z.polygon, cores: z.cores }));
  const weights = plan.zones.map((z) => z.areaMm2);
  const totalWeight = weights.reduce((a, w) => a + w, 0);
  const nominal = defaultParameterValues();
  const axes = GRID_INPUTS.map((name) => ranges[name]);
  const values = new Float64Array(81);
  let solves = 0;
  axes[1].forEach((marginMm, im) => {
    const domain: TighteningDomain = tighteningDomain(zones, plan.needle.coreAreaMm2, { marginMm });
    axes[0].forEach((lengthMm, il) => {
      axes[2].forEach((anisotropy, ia) => {
        axes[3].forEach((nu, inu) => {
          const field = solveTighteningFieldOn(domain, {
            ...nominal,
            foundationLengthMm: lengthMm,
            fixedEdgeMarginMm: marginMm,
            anisotropyRatio: anisotropy,
            poissonRatio: nu,
          });
          solves++;
          values[((il * 3 + im) * 3 + ia) * 3 + inu] = field.zoneAreaChange.reduce(
            (a, v, z) => a + (v * weights[z]) / totalWeight,
            0,
          );
        });
      });
    });
  });
  return {
    solves,
    perEta(p) {
      const length = p.foundationLengthMm;
      const reach = (m: number) => -Math.exp(-m / length);
      const coordinates: Array<[readonly number[], number]> = [
        [axes[0].map(Math.log), Math.log(length)],
        [axes[1].map(reach), reach(p.fixedEdgeMarginMm)],
        [axes[2], p.anisotropyRatio],
        [axes[3], p.poissonRatio],
      ];
      const cells = coordinates.map(([points, x]) => cell(points, x));
      let sum = 0;
      for (let corner = 0; corner < 16; corner++) {
        let weight = 1;
        let index = 0;
        for (let d = 0; d < 4; d++) {
          const [k, t] = cells[d];
          const up = (corner >> d) & 1;
          weight *= up ? t : 1 - t;
          index = index * 3 + k + up;
        }
        sum += weight * values[index];
      }
      return sum;
    },
  };
}

/** The surrogate's largest relative error against direct solves at `points` parameter sets. */
export function surrogateError(
  plan: Plan,
  surrogate: FieldSurrogate,
  samples: readonly HealingParameterValues[],
): number {
  const weights = plan.zones.map((z) => z.areaMm2);
  const totalWeight = weights.reduce((a, w) => a + w, 0);
  let worst = 0;
  for (const p of samples) {
    const field = solveTighteningField(plan.zones, plan.needle.coreAreaMm2, p);
    const direct = field.zoneAreaChange.reduce((a, v, z) => a + (v * weights[z]) / totalWeight, 0);
    worst = Math.max(worst, Math.abs(surrogate.perEta(p) / direct - 1));
  }
  return worst;
}

/** Inputs (in `inputs` order) → [area loss %, Lemperle change]. */
export function outputsOf(
  plan: Plan,
  inputs: readonly SensitivityInput[],
  surrogate: FieldSurrogate,
): (x: Float64Array, out: Float64Array) => void {
  const p = defaultParameterValues() as Record<string, number>;
  const coverageAt = inputs.findIndex((i) => i.name === 'coverageFraction');
  const responsivenessAt = inputs.findIndex((i) => i.name === 'responsivenessZ');
  const calibrationAt = inputs.findIndex((i) => i.name === 'calibrationDraw');
  const reference = RESPONSE_POSTERIOR.referenceAreaLossFraction;
  return (x, out) => {
    inputs.forEach((input, k) => {
      if (k !== coverageAt && k !== responsivenessAt && k !== calibrationAt) p[input.name] = x[k];
    });
    const params = p as HealingParameterValues;
    const eta = seriesAreaLossFraction(DAY, [0], params);
    // The field is linear in φ: coverage scales it from the plan's own.
    const coverageScale = x[coverageAt] / plan.totals.coverageFraction;
    const loss = -surrogate.perEta(params) * eta * coverageScale;
    out[0] = 100 * loss;
    out[1] = lemperleChange(
      loss / reference,
      BASELINE_LEMPERLE,
      calibrationDrawAt(x[calibrationAt]),
      x[responsivenessAt],
      DAY,
    );
  };
}

/** The grid cell holding x (clamped) and x's fraction across it. */
function cell(points: readonly number[], x: number): [number, number] {
  const k = x <= points[1] ? 0 : 1;
  const t = (x - points[k]) / (points[k + 1] - points[k]);
  return [k, Math.min(1, Math.max(0, t))];
}
