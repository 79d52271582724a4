import {
  HEALING_PARAMETERS,
  lemperleChange,
  POSTERIOR_DRAWS,
  parameterQuantile,
  type ResponseParameters,
} from '@microcore/core';

type HealingParameterName = keyof typeof HEALING_PARAMETERS;

/**
 * The model's inputs for the sensitivity analysis, each with the distribution it is drawn from:
 * every healing parameter over its range, triangular with the peak at the default (log scale
 * where the parameter says so) as the virtual cohort draws them; the plan's coverage over the
 * clinical range; the patient's responsiveness (the outcome layer's standard normal draw); and
 * the calibration: which of the posterior's parameter sets of the response law holds (one input,
 * as the sets' parameters are correlated; the sets ordered by the change they predict at the
 * reference tightening, so its percentiles run from the least to the most responsive world).
 * Left out: the downtime and the tear strain, which feed only the epithelial cover and the
 * bridge flag, not the area change or the Lemperle change.
 */
export interface SensitivityInput {
  readonly name: string;
  readonly label: string;
  /** Where the input's value lies at the 5th and 95th percentile, for the tornado chart. */
  fromUniform(u: number): number;
  readonly nominal: number;
}

/** The clinical coverage range (device envelope): skin removed per session, fraction. */
export const COVERAGE_RANGE = [0.04, 0.08] as const;

const LABELS: Partial<Record<HealingParameterName, string>> = {
  skinThicknessMm: 'skin thickness t',
  youngsModulusMPa: "Young's modulus E",
  anisotropyRatio: 'anisotropy (along ÷ across)',
  poissonRatio: "Poisson's ratio ν",
  restingTensionMPa: 'resting tension σ1',
  restingTensionRatio: 'tension ratio σ2/σ1',
  foundationLengthMm: 'coupling length ℓ',
  fixedEdgeMarginMm: 'fixed-edge margin M',
  lastingAreaLossFraction: 'lasting area loss η∞',
  closureShare: 'closure share',
  closureHours: 'closure time τc',
  remodellingDays: 'remodelling time τr',
};
const NOT_ANALYSED: readonly HealingParameterName[] = ['downtimeDays', 'tearStrain'];

export function sensitivityInputs(defaultCoverage: number): SensitivityInput[] {
  const parameters = (Object.keys(HEALING_PARAMETERS) as HealingParameterName[])
    .filter((name) => !NOT_ANALYSED.includes(name))
    .map(
      (name): SensitivityInput => ({
        name,
        label: LABELS[name] ?? name,
        nominal: HEALING_PARAMETERS[name].value,
        fromUniform: (u) => parameterQuantile(name, u),
      }),
    );
  return [
    ...parameters,
    {
      name: 'coverageFraction',
      label: 'coverage (clinical 4–8 %)',
      nominal: defaultCoverage,
      fromUniform: (u) => COVERAGE_RANGE[0] + u * (COVERAGE_RANGE[1] - COVERAGE_RANGE[0]),
    },
    {
      name: 'calibrationDraw',
      label: 'calibration (posterior draw)',
      nominal: 0.5,
      fromUniform: (u) => u,
    },
    {
      name: 'responsivenessZ',
      label: 'responsiveness (patient)',
      nominal: 0,
      fromUniform: standardNormalQuantile,
    },
  ];
}

/** Φ⁻¹(u): Acklam's rational approximation (relative error < 1.2e-9), clamped off 0 and 1. */
export function standardNormalQuantile(u: number): number {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, u));
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** The posterior's parameter sets, least to most responsive at the reference tightening. */
const ORDERED_DRAWS: readonly ResponseParameters[] = [...POSTERIOR_DRAWS].sort(
  (a, b) => lemperleChange(1, 3, a, 0, 90) - lemperleChange(1, 3, b, 0, 90),
);

/** The parameter set at a calibration input u ∈ [0, 1]. */
export function calibrationDrawAt(u: number): ResponseParameters {
  return ORDERED_DRAWS[Math.min(ORDERED_DRAWS.length - 1, Math.floor(u * ORDERED_DRAWS.length))];
}
