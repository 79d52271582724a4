import type { Handpiece } from '../device/handpiece.js';
import type { StoredPlan } from '../plan/types.js';

/** What the export needs to know of a plan a series or session was recorded against. */
export interface FhirPlanSummary {
  readonly id: string;
  /** Needle gauge, e.g. `22G`. */
  readonly needleGauge: string;
  /** Zone ids of the plan's template, e.g. `cheek-left`. */
  readonly zoneIds: readonly string[];
  readonly coverageFraction?: number;
  readonly coreCount?: number;
}

export interface FhirExportContext {
  readonly plans: readonly FhirPlanSummary[];
  /** The clinic the records belong to: becomes the Organization. */
  readonly clinic: { readonly id: string; readonly name: string };
  /** When the export was made, an ISO instant (`2026-11-25T21:45:00Z`): the core has no clock. */
  readonly generatedAt: string;
  /** The API's origin for photo URLs (`https://clinic.example`); without it URLs are relative. */
  readonly baseUrl?: string;
  /** The handpiece used; default DEFAULT_HANDPIECE. */
  readonly handpiece?: Handpiece;
  /**
   * The span of each booked follow-up, by follow-up id, as instants (`…Z`): the caller turns the
   * clinic's local day and time into them, since the core has no time zone data. A follow-up
   * missing here is taken in UTC (the whole day, or an hour from its time).
   */
  readonly followUpSpans?: Readonly<
    Record<string, { readonly start: string; readonly end: string }>
  >;
  /** Zone labels by zone id; default the default template's labels. */
  readonly zoneLabels?: Readonly<Record<string, string>>;
}

/** The summary of a plan value, for FhirExportContext.plans. */
export function fhirPlanSummary(id: string, plan: StoredPlan): FhirPlanSummary {
  return {
    id,
    needleGauge: plan.needle.gauge,
    zoneIds: plan.zones.map((z) => z.id),
    coverageFraction: plan.totals.coverageFraction,
    coreCount: plan.totals.cores,
  };
}
