import type { AdverseEventSummary } from './adverseEvents.js';
import { type EvidenceContribution, evidenceContribution } from './contribution.js';
import type { MeanEstimate } from './meanInterval.js';
import { evidencePartialOf, finishEvidence } from './partial.js';
import type { EvidenceJourney } from './patientOutcome.js';
import type { ProportionEstimate } from './proportion.js';
import { resolveOptions, type Stratification, type SummaryOptions } from './summaryOptions.js';
import type { FollowUpWindow } from './windows.js';

export type { Stratification, SummaryOptions } from './summaryOptions.js';

/**
 * The outcome statistics of a set of journeys, per stratum and follow-up window, as plain JSON.
 * Lemperle change is reported as IMPROVEMENT in grades (baseline − follow-up), so positive is
 * better. A responder improved by ≥ 1 grade; GAIS 1–3 is "improved"; satisfaction 4–5 is
 * "satisfied". Every estimate carries its own n (patients with that measure).
 */
export interface WindowSummary {
  readonly windowId: string;
  readonly label: string;
  /** Patients with an assessment in the window. */
  readonly patientsAssessed: number;
  readonly improvementGrades: MeanEstimate;
  /** Improvement ≥ 1 grade. */
  readonly responders: ProportionEstimate;
  /** Investigator GAIS ≤ 3. */
  readonly gaisInvestigatorImproved: ProportionEstimate;
  /** Subject GAIS ≤ 3. */
  readonly gaisSubjectImproved: ProportionEstimate;
  /** Satisfaction ≥ 4. */
  readonly satisfied: ProportionEstimate;
}

export interface DurabilitySummary {
  readonly earlyWindowId: string;
  readonly lateWindowIds: readonly string[];
  /** The same patients' improvement early and late, and late − early (negative = waning). */
  readonly early: MeanEstimate;
  readonly late: MeanEstimate;
  readonly change: MeanEstimate;
}

export interface StratumSummary {
  /** `all`; `I`…`VI`; or `1`, `2`, `3+` sessions. */
  readonly key: string;
  readonly label: string;
  readonly patientsTreated: number;
  /** Of them: every booked session done. */
  readonly patientsComplete: number;
  /** Sessions still booked: in the adverse events, not in the results (visits so far are interim). */
  readonly patientsMidSeries: number;
  /** Fewer sessions than booked and the next overdue: their results count, as treated. */
  readonly patientsStoppedEarly: number;
  /** Results over the patients not mid-series. */
  readonly windows: readonly WindowSummary[];
  /** First row `any`, then each type. */
  readonly adverseEvents: readonly AdverseEventSummary[];
  readonly durability: DurabilitySummary;
}

export interface EvidenceSummary {
  readonly schemaVersion: 1;
  readonly stratifiedBy: Stratification;
  readonly windows: readonly FollowUpWindow[];
  /** Patients with at least one session (the denominator of the adverse-event rates). */
  readonly patientsTreated: number;
  /** Journeys without a session, left out of every number. */
  readonly patientsNotTreated: number;
  readonly strata: readonly StratumSummary[];
}

/** The summary of `journeys`: the aggregate of each one's contribution (contribution.ts). */
export function summarizeEvidence(
  journeys: readonly EvidenceJourney[],
  options: SummaryOptions = {},
): EvidenceSummary {
  const { windows } = resolveOptions(options);
  return aggregateEvidence(
    journeys.map((j) => evidenceContribution(j, windows)),
    options,
  );
}

/**
 * The summary from patients' contributions, computed with the same `options.windows` (default
 * DEFAULT_WINDOWS) by evidenceContribution: the finished partial aggregate of them all
 * (partial.ts), the one code path every summary takes. It depends only on the contributions
 * given, not on their order.
 */
export function aggregateEvidence(
  contributions: readonly EvidenceContribution[],
  options: SummaryOptions = {},
): EvidenceSummary {
  return finishEvidence(evidencePartialOf(contributions, options));
}
