import { MicrocoreError } from '../errors.js';

/**
 * The safety envelope, in one place: every limit the planner (and later the delivery guard)
 * enforces, as data with its source. Each limit has a test that tries to cross it.
 */
export const ENVELOPE = {
  scar: {
    /** A core this wide or wider is refused. */
    refuseCoreDiameterMm: 0.5,
    /** A core this wide or wider (and below the refusal) is allowed with a warning. */
    warnCoreDiameterMm: 0.4,
    source:
      'Champlain, Sakamoto, Anderson, Dermatol Surg 2022 (PubMed 36036977): scars much more ' +
      'frequent above 400 µm, side effects minimal below 500 µm; seed: < 500 µm leaves no scar',
  },
  coverage: {
    /** The labelled range of skin removed per session, as a fraction of the treated area. */
    clinical: { minFraction: 0.04, maxFraction: 0.08 },
    /** Research mode (swine studies at 20–40 %): allowed with a warning on every output. */
    research: { minFraction: 0.01, maxFraction: 0.4 },
    /** Midpoint of the labelled range; one study used 5 % (Salame et al., ASLMS 2024). */
    defaultFraction: 0.06,
    source: 'seed: 4–8 % of the treated skin; practicaldermatology.com "up to 8 %" (MED)',
  },
  bridge: {
    /** Default minimum edge-to-edge skin bridge, in core diameters. */
    defaultCoreDiameters: 1,
    /** Clinical mode refuses a thinner bridge than this, in core diameters. */
    clinicalMinCoreDiameters: 1,
    /** Research mode refuses a thinner bridge than this, mm (bridges below merge wounds). */
    researchMinMm: 0.05,
    source:
      'docs/domain.md §2: two cores with too thin a bridge can merge into one wound wider than the ' +
      'scar threshold; default ≥ 1 core diameter, a setting',
  },
} as const;

export type PlanMode = 'clinical' | 'research';

export interface EnvelopeWarning {
  readonly code: string;
  readonly message: string;
}

/** Refuse a core at or above the scar threshold; warn in the 400–500 µm band. */
export function checkCoreDiameter(coreDiameterMm: number, gauge: string): EnvelopeWarning[] {
  const { refuseCoreDiameterMm, warnCoreDiameterMm } = ENVELOPE.scar;
  if (coreDiameterMm >= refuseCoreDiameterMm) {
    throw new MicrocoreError(
      'needle.core-at-or-above-scar-threshold',
      `core diameter ${coreDiameterMm} mm (${gauge}) is at or above the ${refuseCoreDiameterMm} mm ` +
        'scar threshold; choose 22G or finer',
      'needle',
    );
  }
  if (coreDiameterMm >= warnCoreDiameterMm) {
    return [
      {
        code: 'needle.core-near-scar-threshold',
        message:
          `core diameter ${coreDiameterMm} mm (${gauge}) is in the ${warnCoreDiameterMm}–` +
          `${refuseCoreDiameterMm} mm band where scars were more frequent; watch for scarring at 2–4 weeks`,
      },
    ];
  }
  return [];
}

/** Refuse a coverage outside the mode's range. `field` names the input for the error. */
export function checkCoverage(coverageFraction: number, mode: PlanMode, field: string): void {
  const { minFraction, maxFraction } = ENVELOPE.coverage[mode];
  if (
    !Number.isFinite(coverageFraction) ||
    coverageFraction < minFraction ||
    coverageFraction > maxFraction
  ) {
    const shown = Number.isFinite(coverageFraction)
      ? `${round(coverageFraction * 100)} %`
      : String(coverageFraction);
    const hint =
      mode === 'clinical'
        ? `; higher or lower densities need research mode (${ENVELOPE.coverage.research.minFraction * 100}–${ENVELOPE.coverage.research.maxFraction * 100} %)`
        : '';
    throw new MicrocoreError(
      'coverage.out-of-range',
      `coverage ${shown} is outside the ${mode} range ${minFraction * 100}–${maxFraction * 100} %${hint}`,
      field,
    );
  }
}

/** Refuse a skin bridge thinner than the mode allows. */
export function checkBridge(bridgeMm: number, coreDiameterMm: number, mode: PlanMode): void {
  const minimumMm =
    mode === 'clinical'
      ? ENVELOPE.bridge.clinicalMinCoreDiameters * coreDiameterMm
      : ENVELOPE.bridge.researchMinMm;
  if (!Number.isFinite(bridgeMm) || bridgeMm < minimumMm - 1e-12 || bridgeMm > 20) {
    throw new MicrocoreError(
      'bridge.out-of-range',
      `minimum skin bridge ${bridgeMm} mm is outside ${round(minimumMm)}–20 mm for ${mode} mode ` +
        '(thinner bridges can merge two cores into one wound); ' +
        (mode === 'clinical'
          ? `use at least ${round(minimumMm)} mm (one core diameter), or research mode for thinner`
          : `use at least ${round(minimumMm)} mm`),
      'bridgeMm',
    );
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
