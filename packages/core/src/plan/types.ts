import type { ScaleFactors } from '../anatomy/scale.js';
import type { FaceTemplate } from '../anatomy/zones.js';
import type { PlanMode } from '../device/envelope.js';
import type { Handpiece } from '../device/handpiece.js';
import type { PointMm, RingMm } from '../geometry/polygon.js';

/**
 * The plan format's version. 2 (issue 12): `worstWindowCoverageFraction` became a proven upper
 * bound over every position of the 1 cm² window (format 1 counted cores by centre at sampled
 * positions) and each zone gained `spacingMm`. A reader may still meet stored plans of format 1
 * (`StoredPlan`).
 */
export const PLAN_SCHEMA_VERSION = 2;
/** The plan formats a reader of stored plans may meet: every earlier one still on record. */
export const READABLE_PLAN_SCHEMA_VERSIONS = [1, PLAN_SCHEMA_VERSION] as const;

export type PatternKind = 'blue-noise' | 'fields';

export interface PlanInput {
  /** Zone ids to treat; default: the template's indicated zones. */
  readonly zones?: readonly string[];
  /** Needle gauge; default 22G. */
  readonly needle?: string;
  /** Fraction of the treated skin to remove (0..1); default 0.06. */
  readonly coverageFraction?: number;
  /** Per-zone coverage overriding `coverageFraction`. */
  readonly zoneCoverageFraction?: Readonly<Record<string, number>>;
  /** Minimum edge-to-edge skin bridge between cores, mm; default one core diameter. */
  readonly bridgeMm?: number;
  readonly pattern?: PatternKind;
  readonly seed?: number;
  readonly mode?: PlanMode;
  readonly template?: FaceTemplate;
  readonly scale?: ScaleFactors;
  readonly handpiece?: Handpiece;
  /**
   * Areas not to treat (a mole, a scar, a filler site), on the chart after `scale`, mm: each a
   * convex polygon, none overlapping another; one may reach over several zones. Every zone it
   * reaches loses that area, and no core comes within half the minimum centre distance of it.
   */
  readonly exclusions?: readonly RingMm[];
}

export interface PlanWarning {
  readonly code: string;
  readonly message: string;
  readonly zone?: string;
}

export interface PlanField {
  /** Lower-left corner of the field on the chart, mm. */
  readonly originMm: PointMm;
  /** Index of the field's first core in the zone's `cores`; its cores follow in order. */
  readonly firstCore: number;
  readonly coreCount: number;
}

export interface ZonePlan {
  readonly id: string;
  readonly label: string;
  /** Treatable area: outline less exclusions, mm². */
  readonly areaMm2: number;
  readonly polygon: RingMm;
  /** The template's exclusions in the zone, then the plan's, each clipped to the zone. */
  readonly exclusions: readonly RingMm[];
  readonly coverageTarget: number;
  readonly coverageFraction: number;
  readonly coreCount: number;
  /** Core centres, mm (rounded to 0.1 µm). */
  readonly cores: readonly PointMm[];
  /** Smallest, 5th-percentile and mean bridge to the nearest core, mm (null with < 2 cores). */
  readonly minBridgeMm: number | null;
  readonly p5BridgeMm: number | null;
  readonly meanBridgeMm: number | null;
  /**
   * No two of the zone's cores are closer than this, mm (≥ minCentreDistanceMm); across a zone
   * border no two are closer than the smaller of the two zones' spacings.
   */
  readonly spacingMm: number;
  /**
   * Largest fraction of any 1 cm² (10 × 10 mm, axis-aligned, any position) that the zone's
   * cores may remove: a proven upper bound (plan/densestWindow.ts).
   */
  readonly worstWindowCoverageFraction: number;
  /** Handpiece placements: fields that hold at least one core. */
  readonly fieldCount: number;
  /** The fields in the order the handpiece lays them (pattern `fields` only). */
  readonly fields?: readonly PlanField[];
}

export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly kind: 'microcore.plan';
  readonly mode: PlanMode;
  readonly pattern: PatternKind;
  readonly seed: number;
  readonly template: string;
  readonly needle: {
    readonly gauge: string;
    readonly wall: string;
    readonly outerDiameterMm: number;
    readonly coreDiameterMm: number;
    readonly coreAreaMm2: number;
  };
  readonly coverageTarget: number;
  readonly bridgeMinMm: number;
  /** Core diameter + minimum bridge: no two centres are closer. */
  readonly minCentreDistanceMm: number;
  readonly handpiece: Handpiece;
  readonly totals: {
    readonly cores: number;
    readonly areaMm2: number;
    readonly coverageFraction: number;
    readonly minBridgeMm: number | null;
    /** As the zones' but over all cores: windows across zone borders included. */
    readonly worstWindowCoverageFraction: number;
    readonly fields: number;
    readonly strokes: number;
    readonly estimatedMinutes: number;
  };
  readonly zones: readonly ZonePlan[];
  readonly warnings: readonly PlanWarning[];
}

/**
 * A plan as stored earlier: this format or an older one (`READABLE_PLAN_SCHEMA_VERSIONS`); a
 * format-1 plan has no `spacingMm` and its window figures count cores by centre.
 */
export type StoredPlan = Omit<Plan, 'schemaVersion' | 'zones'> & {
  readonly schemaVersion: (typeof READABLE_PLAN_SCHEMA_VERSIONS)[number];
  readonly zones: readonly StoredZonePlan[];
};
export type StoredZonePlan = Omit<ZonePlan, 'spacingMm'> & { readonly spacingMm?: number };
