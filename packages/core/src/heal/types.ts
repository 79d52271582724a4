/**
 * 2: the outcome's GAIS is the share improved with its interval (no five-category split).
 * 3: the wound's gape is the bridge patch's (`wound.gapeSource`), not Kirsch's linear single hole.
 */
export const SIMULATION_SCHEMA_VERSION = 3;
export const MODEL_ESTIMATE_LABEL = 'model estimate — not a promise of outcome';

export interface SimulationOptions {
  /** Days after the first session to report (default 0, 1, 4, 14, 30, 90, 180). */
  readonly days?: readonly number[];
  /** Sessions in the series (default 1). */
  readonly sessions?: number;
  /** Weeks between sessions (default 6, the seed's minimum). */
  readonly intervalWeeks?: number;
  /** Explicit session days (0 first, rising), instead of `sessions` and `intervalWeeks`. */
  readonly sessionDays?: readonly number[];
  /** Lemperle grade before treatment, 0–5 (default 3). */
  readonly baselineLemperle?: number;
  /** The patient's Fitzpatrick skin type, 1–6: only for the domain warning (types V–VI were not studied). */
  readonly fitzpatrick?: number;
  /** Virtual patients sampled over the uncertain parameters (default 1000). */
  readonly cohort?: number;
  readonly seed?: number;
  /** Called as the long steps progress, with a fraction 0..1 and what is being done. */
  readonly onProgress?: (fraction: number, step: string) => void;
}

export interface Interval {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface ZoneTimepoint {
  readonly id: string;
  /** ΔA/A of the zone (negative = area loss), nominal parameters. */
  readonly areaChangeFraction: number;
  readonly areaChangeInterval: { readonly low: number; readonly high: number };
  /** Change of the mean membrane tension, N/mm (positive = tighter). */
  readonly tensionChangeNPerMm: number;
  /** Largest in-plane displacement in the zone ("lift"), mm. */
  readonly maxDisplacementMm: number;
}

export interface Timepoint {
  readonly day: number;
  readonly areaChangeFraction: number;
  readonly areaChangeInterval: { readonly low: number; readonly high: number };
  /** Fraction of the latest session's wound surface covered by epithelium. */
  readonly epithelialCover: number;
  readonly zones: readonly ZoneTimepoint[];
}

export interface Simulation {
  readonly schemaVersion: typeof SIMULATION_SCHEMA_VERSION;
  readonly kind: 'microcore.simulation';
  readonly label: typeof MODEL_ESTIMATE_LABEL;
  readonly plan: {
    readonly gauge: string;
    readonly cores: number;
    readonly coverageFraction: number;
    readonly zones: readonly string[];
    readonly seed: number;
  };
  readonly sessions: readonly { readonly number: number; readonly day: number }[];
  /** Days until the wounds of a session are covered (95 % epithelial cover). */
  readonly downtimeDays: number;
  readonly downtimeInterval: { readonly low: number; readonly high: number };
  readonly wound: {
    readonly coreDiameterMm: number;
    readonly gapedMajorAxisMm: number;
    readonly gapedMinorAxisMm: number;
    readonly gapeAreaRatio: number;
    /**
     * Where the gape comes from: the mean of the bridge patch's holes (neo-Hookean, among their
     * neighbours; the same figure as `bridges.meanGapeAreaRatio`), or, when the patch cut no
     * hole, one isolated hole by Kirsch's linear solution (heal/woundCourse.ts `gapedHole`).
     */
    readonly gapeSource: 'bridge-patch' | 'isolated-hole';
    /** Hours until 95 % of the gaped area has closed. */
    readonly closedWithinHours: number;
  };
  readonly timeline: readonly Timepoint[];
  readonly outcome: {
    readonly label: typeof MODEL_ESTIMATE_LABEL;
    readonly day: number;
    readonly baselineLemperle: number;
    readonly lemperleChange: Interval;
    readonly intervalMeaning: string;
    /** Expected share of patients rated GAIS "improved" or better. */
    readonly gaisImprovedFraction: number;
    /** 5th–95th percentile of that share over the calibration's posterior. */
    readonly gaisImprovedInterval: { readonly low: number; readonly high: number };
    readonly gaisMeaning: string;
    readonly cohortSize: number;
  };
  readonly bridges: {
    readonly patchOriginMm: readonly [number, number];
    readonly patchSideMm: number;
    readonly zone: string;
    readonly holes: number;
    readonly bridges: number;
    readonly meanGapeAreaRatio: number;
    readonly maxBridgeStrain: number;
    readonly meanBridgeStrain: number;
    readonly flaggedBridges: number;
    readonly tearStrain: number;
    /** Every hole of the patch after gaping. */
    readonly holeGapes: readonly {
      readonly centreMm: readonly [number, number];
      readonly majorAxisMm: number;
      readonly minorAxisMm: number;
      readonly areaRatio: number;
    }[];
    /** Every bridge between neighbouring holes, with its largest principal strain. */
    readonly bridgeStrains: readonly {
      readonly holes: readonly [number, number];
      readonly gapMm: number;
      readonly strain: number;
      readonly flagged: boolean;
    }[];
  };
  readonly model: {
    readonly unknowns: number;
    readonly iterations: number;
    readonly parameters: Readonly<Record<string, number>>;
    readonly seed: number;
  };
  readonly warnings: readonly { readonly code: string; readonly message: string }[];
}
