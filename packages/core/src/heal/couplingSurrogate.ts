import { HEALING_PARAMETERS, type HealingParameterValues } from './parameters.js';
import {
  type TighteningDomain,
  type TighteningField,
  type TreatedZone,
  tighteningDomain,
  tighteningSolver,
} from './tightening.js';

/**
 * Area change per unit area-loss fraction η for any coupling length ℓ and fixed-edge margin M in
 * their ranges, per zone: what each virtual patient of the cohort needs, without a solve per
 * patient. Built from a 3 × 3 grid (each range's ends and the default), read by bilinear
 * interpolation in (ln ℓ, M):
 *
 *   S(ℓ, M) = F(ℓ₀, M₀) · C(ℓ, M) / C(ℓ₀, M₀)
 *
 * F is the nominal field on the fine mesh (2.5 mm), C the same problem on the 5 mm mesh one level
 * down the hierarchy, ~4× cheaper: the coarse mesh's error is largely common to C(ℓ, M) and
 * C(ℓ₀, M₀) and cancels in the ratio, and S equals the nominal field exactly at the default.
 * Each margin needs its own mesh (the outline moves); the lengths share it. Error against direct
 * fine solves: ≤ 5.1 % per zone at 25 points over both ranges (docs/model.md §2; a test holds it
 * to 6 % at four off-grid points).
 */
export interface CouplingSurrogate {
  /** Area change per unit η (ΔA/A, negative = loss) of zone `zone`, or of all the treated skin (area-weighted) when `zone` < 0. */
  areaChangePerEta(lengthMm: number, marginMm: number, zone?: number): number;
  /** The grid's lengths and margins, mm (ascending). */
  readonly lengthsMm: readonly number[];
  readonly marginsMm: readonly number[];
}

/** Mesh level of the ratio solves in a hierarchy of 2 refinements: the 5 mm mesh. */
const RATIO_LEVEL = 1;
/**
 * CG tolerance of the ratio solves: the zone averages they give move by < 1e-6 relative from
 * the 1e-8 solve's (measured on the default plan), far inside the surrogate's few-% error.
 */
const RATIO_TOLERANCE = 1e-5;

export function couplingSurrogate(
  zones: readonly TreatedZone[],
  coreAreaMm2: number,
  nominalDomain: TighteningDomain,
  nominalField: TighteningField,
  nominal: HealingParameterValues,
  zoneWeights: readonly number[],
): CouplingSurrogate {
  const lengthRange = HEALING_PARAMETERS.foundationLengthMm.range;
  const marginRange = HEALING_PARAMETERS.fixedEdgeMarginMm.range;
  const lengthsMm = [lengthRange[0], nominal.foundationLengthMm, lengthRange[1]];
  const marginsMm = [marginRange[0], nominal.fixedEdgeMarginMm, marginRange[1]];
  const zoneCount = zones.length;
  // coarse[(i·3 + j)·Z + z]: zone z's area change per unit η at margin i, length j, on the 5 mm mesh.
  const coarse = new Float64Array(9 * zoneCount);
  marginsMm.forEach((marginMm, i) => {
    const domain =
      i === 1
        ? nominalDomain
        : tighteningDomain(zones, coreAreaMm2, { marginMm, refinements: RATIO_LEVEL });
    // The lengths change only the foundation: one solver shares the rest of the system.
    const solver = tighteningSolver(domain, { ...nominal, fixedEdgeMarginMm: marginMm });
    lengthsMm.forEach((foundationLengthMm, j) => {
      const field = solver.field(foundationLengthMm, {
        level: RATIO_LEVEL,
        relativeTolerance: RATIO_TOLERANCE,
      });
      coarse.set(field.zoneAreaChange, (3 * i + j) * zoneCount);
    });
  });
  const centre = 4 * zoneCount;
  const scale = Float64Array.from(
    nominalField.zoneAreaChange,
    (fine, z) => fine / (coarse[centre + z] || 1),
  );
  const totalWeight = zoneWeights.reduce((a, w) => a + w, 0) || 1;
  const logLengths = lengthsMm.map(Math.log);

  const zoneValue = (lengthMm: number, marginMm: number, z: number): number => {
    const [j, s] = cell(logLengths, Math.log(lengthMm));
    // Across the margin the field saturates as the fixed edge leaves the foundation's reach,
    // about as 1 − e^(−M/ℓ): interpolating in that coordinate follows the curve between points.
    const reach = (m: number) => -Math.exp(-m / lengthMm);
    const [i, t] = cell(marginsMm.map(reach), reach(marginMm));
    const at = (ii: number, jj: number) => coarse[(3 * ii + jj) * zoneCount + z];
    const value =
      (1 - t) * ((1 - s) * at(i, j) + s * at(i, j + 1)) +
      t * ((1 - s) * at(i + 1, j) + s * at(i + 1, j + 1));
    return scale[z] * value;
  };
  return {
    lengthsMm,
    marginsMm,
    areaChangePerEta(lengthMm, marginMm, zone = -1) {
      if (zone >= 0) return zoneValue(lengthMm, marginMm, zone);
      let sum = 0;
      for (let z = 0; z < zoneCount; z++)
        sum += (zoneValue(lengthMm, marginMm, z) * zoneWeights[z]) / totalWeight;
      return sum;
    },
  };
}

/** The grid cell holding x (clamped to the grid) and x's fraction across it. */
function cell(points: readonly number[], x: number): [number, number] {
  const k = x <= points[1] ? 0 : 1;
  const t = (x - points[k]) / (points[k + 1] - points[k]);
  return [k, Math.min(1, Math.max(0, t))];
}
