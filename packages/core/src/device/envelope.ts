import { MicrocoreError } from '../errors.js';

/**
 * The safety envelope, in one place: every limit the planner (and later the delivery guard)
 * enforces, as data with its source. Each limit has a test that tries to cross it.
 */
export const ENVELOPE = {
  scar: {
    /** A core this wide or wider is refused (its largest width: nominal + tolerance). */
    refuseCoreDiameterMm: 0.5,
    /** A core this wide or wider (and below the refusal) is allowed with a warning. */
    warnCoreDiameterMm: 0.4,
    /**
     * How much wider than nominal a needle's bore (so its core) may be: the thresholds are
     * compared with nominal + this. An ASSUMPTION, not a measurement: no manufacturer's bore
     * tolerance is at hand; ISO 9626 holds a gauge's outer diameter within a band a few
     * hundredths of a millimetre wide (its table is not public), and the bore is drawn with the
     * tube, so 0.02 mm is taken as the bore's upper deviation.
     */
    boreToleranceMm: 0.02,
    source:
      'Champlain, Sakamoto, Anderson, Dermatol Surg 2022 (PubMed 36036977): scars much more ' +
      'frequent above 400 µm, side effects minimal below 500 µm; seed: < 500 µm leaves no scar; ' +
      'bore tolerance: assumption (see boreToleranceMm)',
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
  window: {
    /**
     * Side of the square window, mm: in clinical mode no window of this size, anywhere on the
     * chart (axis-aligned), may lose more than the clinical coverage ceiling above
     * (coverage.clinical.maxFraction) — the ceiling holds for every square centimetre, not only
     * on average. Research mode warns instead.
     */
    sideMm: 10,
    source:
      'issue 12 ("no 1 cm² window of the treated area exceeds the coverage ceiling"); 1 cm² is also ' +
      "the handpiece's 10 × 10 mm field (docs/domain.md §1)",
  },
  session: {
    /**
     * Cores in one session above which the plan warns (not refuses): the sessions reported
     * removed 10,000–12,000 cores; a larger session is outside what was described, but the wound
     * area itself is bounded by the coverage and window limits, which refuse.
     */
    reportedMaxCores: 12_000,
    source: 'seed: one session removes 10,000–12,000 cores (docs/domain.md §1)',
  },
  zone: {
    /**
     * A zone with less treatable skin than this (mm²) gets no cores, with a warning: below one
     * square centimetre the coverage of the zone is not defined on the scale of the window
     * ceiling, and it is less than one handpiece field.
     */
    minTreatableAreaMm2: 100,
    source: 'one 1 cm² window / one 10 × 10 mm handpiece field (docs/domain.md §1); a setting',
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

/**
 * Refuse a core that may reach the scar threshold, warn in the 400–500 µm band: the largest core
 * the needle may cut (nominal bore + ENVELOPE.scar.boreToleranceMm) is what is compared.
 */
export function checkCoreDiameter(coreDiameterMm: number, gauge: string): EnvelopeWarning[] {
  const { refuseCoreDiameterMm, warnCoreDiameterMm, boreToleranceMm } = ENVELOPE.scar;
  const largestMm = coreDiameterMm + boreToleranceMm;
  const withTolerance =
    `core diameter ${coreDiameterMm} mm (${gauge}), up to ${round(largestMm)} mm with the needle's ` +
    `manufacturing tolerance (+${boreToleranceMm} mm, an assumed margin),`;
  if (largestMm >= refuseCoreDiameterMm) {
    throw new MicrocoreError(
      'needle.core-at-or-above-scar-threshold',
      `${withTolerance} reaches the ${refuseCoreDiameterMm} mm scar threshold; choose 22G or finer`,
      'needle',
    );
  }
  if (largestMm >= warnCoreDiameterMm) {
    return [
      {
        code: 'needle.core-near-scar-threshold',
        message:
          `${withTolerance} is in the ${warnCoreDiameterMm}–${refuseCoreDiameterMm} mm band ` +
          'where scars were more frequent; watch for scarring at 2–4 weeks',
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
