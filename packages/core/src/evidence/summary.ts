import { MicrocoreError } from '../errors.js';
import { type AdverseEventSummary, summarizeAdverseEvents } from './adverseEvents.js';
import { type EvidenceContribution, evidenceContribution } from './contribution.js';
import { dayNumber } from './dates.js';
import { type MeanEstimate, meanWithInterval } from './meanInterval.js';
import {
  type EvidenceJourney,
  type PatientFollowUp,
  type PatientOutcome,
  seriesStatusOn,
} from './patientOutcome.js';
import { type ProportionEstimate, proportion } from './proportion.js';
import {
  DEFAULT_DURABILITY,
  DEFAULT_WINDOWS,
  type DurabilityWindows,
  type FollowUpWindow,
} from './windows.js';

/**
 * The outcome statistics of a set of journeys, per stratum and follow-up window, as plain JSON.
 * Lemperle change is reported as IMPROVEMENT in grades (baseline − follow-up), so positive is
 * better. A responder improved by ≥ 1 grade; GAIS 1–3 is "improved"; satisfaction 4–5 is
 * "satisfied". Every estimate carries its own n (patients with that measure).
 */
export type Stratification = 'none' | 'fitzpatrick' | 'sessions';

export interface SummaryOptions {
  /** Default none: one stratum, `all`. */
  readonly stratify?: Stratification;
  /** Default DEFAULT_WINDOWS. */
  readonly windows?: readonly FollowUpWindow[];
  /** Default DEFAULT_DURABILITY (90 days vs 180 days, else 1 year+). */
  readonly durability?: DurabilityWindows;
  /**
   * The day the data were read (the clinic's today), by which a booked session overdue by more
   * than SERIES_OVERDUE_DAYS means the series stopped. Without it only a patient's own later
   * visits show that (de-identified data: each patient's dates are shifted, so a common day
   * would misjudge them).
   */
  readonly asOf?: string;
}

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

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
const RESPONDER_GRADES = 1;
// Zone means of half grades can land a hair under 1 in floating point.
const EPSILON = 1e-9;

/** The summary of `journeys`: the aggregate of each one's contribution (contribution.ts). */
export function summarizeEvidence(
  journeys: readonly EvidenceJourney[],
  options: SummaryOptions = {},
): EvidenceSummary {
  const resolved = resolveOptions(options);
  return aggregate(
    journeys.map((j) => evidenceContribution(j, resolved.windows)),
    resolved,
  );
}

/**
 * The summary from patients' contributions, computed with the same `options.windows` (default
 * DEFAULT_WINDOWS) by evidenceContribution. The order of the contributions sets the sums' last
 * bits: give them in the order the journeys would be.
 */
export function aggregateEvidence(
  contributions: readonly EvidenceContribution[],
  options: SummaryOptions = {},
): EvidenceSummary {
  return aggregate(contributions, resolveOptions(options));
}

interface ResolvedOptions {
  readonly stratify: Stratification;
  readonly windows: readonly FollowUpWindow[];
  readonly durability: DurabilityWindows;
  readonly asOfDay: number | null;
}

function resolveOptions(options: SummaryOptions): ResolvedOptions {
  const stratify = options.stratify ?? 'none';
  if (!['none', 'fitzpatrick', 'sessions'].includes(stratify)) {
    throw new MicrocoreError(
      'evidence.invalid-input',
      `unknown stratification "${stratify}"; use none, fitzpatrick or sessions`,
      'stratify',
    );
  }
  const windows = options.windows ?? DEFAULT_WINDOWS;
  validateWindows(windows);
  return {
    stratify,
    windows,
    durability: options.durability ?? DEFAULT_DURABILITY,
    asOfDay: options.asOf === undefined ? null : dayNumber(options.asOf, 'asOf'),
  };
}

/** A treated patient as the strata read them: the course on the day, and its follow-ups by window id. */
interface Treated {
  readonly outcome: PatientOutcome;
  readonly adverseEvents: EvidenceContribution['adverseEvents'];
}

function aggregate(
  contributions: readonly EvidenceContribution[],
  { stratify, windows, durability, asOfDay }: ResolvedOptions,
): EvidenceSummary {
  const treated: Treated[] = [];
  for (const c of contributions) {
    if (!c.course) continue;
    const followUps = new Map<string, PatientFollowUp>();
    windows.forEach((window, i) => {
      const followUp = c.course?.followUps[i];
      if (followUp) followUps.set(window.id, followUp);
    });
    treated.push({
      outcome: {
        fitzpatrickType: c.fitzpatrickType,
        sessionsDone: c.course.sessionsDone,
        sessionsPlanned: c.course.sessionsPlanned,
        seriesStatus: seriesStatusOn(c.course, asOfDay),
        followUps,
      },
      adverseEvents: c.adverseEvents,
    });
  }

  const strata = strataOf(stratify).map(({ key, label, holds }) => {
    const members = treated.filter((t) => holds(t.outcome));
    const count = (status: PatientOutcome['seriesStatus']) =>
      members.filter((t) => t.outcome.seriesStatus === status).length;
    // A patient mid-series has no result yet: a visit between sessions is not one.
    const outcomes = members.map((t) => t.outcome).filter((o) => o.seriesStatus !== 'mid-series');
    return {
      key,
      label,
      patientsTreated: members.length,
      patientsComplete: count('complete'),
      patientsMidSeries: count('mid-series'),
      patientsStoppedEarly: count('stopped-early'),
      windows: windows.map((w) => summarizeWindow(w, outcomes)),
      adverseEvents: summarizeAdverseEvents(members.map((t) => t.adverseEvents)),
      durability: summarizeDurability(durability, outcomes),
    };
  });
  return {
    schemaVersion: 1,
    stratifiedBy: stratify,
    windows: windows.map((w) => ({ ...w })),
    patientsTreated: treated.length,
    patientsNotTreated: contributions.length - treated.length,
    strata,
  };
}

function strataOf(
  stratify: Stratification,
): { key: string; label: string; holds: (o: PatientOutcome) => boolean }[] {
  if (stratify === 'fitzpatrick') {
    return ROMAN.map((roman, i) => ({
      key: roman,
      label: `Fitzpatrick ${roman}`,
      holds: (o) => o.fitzpatrickType === i + 1,
    }));
  }
  if (stratify === 'sessions') {
    return [
      { key: '1', label: '1 session', holds: (o) => o.sessionsDone === 1 },
      { key: '2', label: '2 sessions', holds: (o) => o.sessionsDone === 2 },
      { key: '3+', label: '3 or more sessions', holds: (o) => o.sessionsDone >= 3 },
    ];
  }
  return [{ key: 'all', label: 'all patients', holds: () => true }];
}

function summarizeWindow(window: FollowUpWindow, outcomes: readonly PatientOutcome[]) {
  const followUps = outcomes.flatMap((o) => {
    const f = o.followUps.get(window.id);
    return f ? [f] : [];
  });
  const improvements = present(followUps.map((f) => f.improvementGrades));
  const rate = (values: readonly (number | null)[], hit: (v: number) => boolean) => {
    const known = present(values);
    return proportion(known.filter(hit).length, known.length);
  };
  return {
    windowId: window.id,
    label: window.label,
    patientsAssessed: followUps.length,
    improvementGrades: meanWithInterval(improvements),
    responders: rate(
      followUps.map((f) => f.improvementGrades),
      (v) => v >= RESPONDER_GRADES - EPSILON,
    ),
    gaisInvestigatorImproved: rate(
      followUps.map((f) => f.gaisInvestigator),
      (v) => v <= 3,
    ),
    gaisSubjectImproved: rate(
      followUps.map((f) => f.gaisSubject),
      (v) => v <= 3,
    ),
    satisfied: rate(
      followUps.map((f) => f.satisfaction),
      (v) => v >= 4,
    ),
  };
}

function summarizeDurability(
  durability: DurabilityWindows,
  outcomes: readonly PatientOutcome[],
): DurabilitySummary {
  const early: number[] = [];
  const late: number[] = [];
  for (const o of outcomes) {
    const before = o.followUps.get(durability.earlyWindowId)?.improvementGrades ?? null;
    if (before === null) continue;
    for (const id of durability.lateWindowIds) {
      const after = o.followUps.get(id)?.improvementGrades ?? null;
      if (after === null) continue;
      early.push(before);
      late.push(after);
      break;
    }
  }
  return {
    earlyWindowId: durability.earlyWindowId,
    lateWindowIds: [...durability.lateWindowIds],
    early: meanWithInterval(early),
    late: meanWithInterval(late),
    change: meanWithInterval(late.map((v, i) => v - early[i])),
  };
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null);
}

function validateWindows(windows: readonly FollowUpWindow[]): void {
  const ids = new Set<string>();
  windows.forEach((w, i) => {
    const field = `windows[${i}]`;
    const bad = (message: string, sub: string) => {
      throw new MicrocoreError('evidence.invalid-input', message, `${field}.${sub}`);
    };
    if (ids.has(w.id)) bad(`window id "${w.id}" is used twice; give each window its own id`, 'id');
    ids.add(w.id);
    if (!(Number.isFinite(w.fromDays) && w.fromDays >= 0)) {
      bad(`fromDays must be a number ≥ 0, got ${w.fromDays}`, 'fromDays');
    }
    if (w.toDays !== null && !(Number.isFinite(w.toDays) && w.toDays > w.fromDays)) {
      bad(`toDays must be above fromDays (${w.fromDays}) or null, got ${w.toDays}`, 'toDays');
    }
    if (!Number.isFinite(w.targetDays)) bad('targetDays must be a number', 'targetDays');
  });
}
