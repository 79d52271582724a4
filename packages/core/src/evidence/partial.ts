import type { AdverseEventType } from '../records/types.js';
import { ADVERSE_EVENT_TYPES, adverseEventSummary } from './adverseEvents.js';
import type { EvidenceContribution } from './contribution.js';
import type { CountedDuration } from './kaplanMeier.js';
import { type CountedValue, meanOfCounts } from './meanInterval.js';
import { type SeriesStatus, seriesStatusOn } from './patientOutcome.js';
import { proportion } from './proportion.js';
import type {
  DurabilitySummary,
  EvidenceSummary,
  StratumSummary,
  WindowSummary,
} from './summary.js';
import { resolveOptions, type Stratification, type SummaryOptions } from './summaryOptions.js';
import type { DurabilityWindows, FollowUpWindow } from './windows.js';

/**
 * The evidence summary as a MERGEABLE aggregate: what a set of contributions (contribution.ts)
 * adds up to, as plain JSON of whole-number counts. Each value a statistic reads is kept as a
 * histogram, value → how many patients (or events) have it, because the values are few:
 * improvement is a mean of whole Lemperle grades over a few zones, GAIS and satisfaction are
 * 1–5, durations are whole days. So:
 *
 * - a contribution can be added or subtracted exactly (integer counts): a server keeps the
 *   partial of a stored set and, when one patient's records change, subtracts their old
 *   contribution and adds the new, instead of aggregating every patient again;
 * - partials of two sets merge into the partial of their union;
 * - finishEvidence computes every statistic from the histograms in sorted order, so the summary
 *   depends only on the multiset of contributions, never on their order (the last bits of a sum
 *   included). aggregateEvidence, and so summarizeEvidence, is finishEvidence of the partial of
 *   all: one code path.
 *
 * A partial is built for one set of options (stratification, windows, durability and the day
 * `asOf`, which decides whether a booked series counts as mid-series or stopped): without `asOf`
 * (the pool: de-identified dates) it does not depend on the day; with it (a clinic) it holds for
 * that day only, so build it again on another day.
 */
export interface EvidencePartial {
  readonly schemaVersion: 1;
  readonly options: PartialOptions;
  patientsTreated: number;
  patientsNotTreated: number;
  /** In the order of the stratification's strata (STRATA). */
  readonly strata: StratumPartial[];
}

export interface PartialOptions {
  readonly stratify: Stratification;
  readonly windows: readonly FollowUpWindow[];
  readonly durability: DurabilityWindows;
  readonly asOfDay: number | null;
}

/** Value (as JSON writes the number) → count ≥ 1; a value counted 0 times is absent. */
export type Counts = Record<string, number>;

export interface StratumPartial {
  readonly key: string;
  treated: number;
  complete: number;
  midSeries: number;
  stoppedEarly: number;
  /** Per window, in the options' order; over the patients not mid-series. */
  readonly windows: WindowPartial[];
  /** `any`, then ADVERSE_EVENT_TYPES. */
  readonly adverseEvents: AdverseEventPartial[];
  /** `early late` (improvement in the two durability windows) → patients. */
  readonly durability: Counts;
}

export interface WindowPartial {
  /** Patients with an assessment in the window. */
  assessed: number;
  readonly improvementGrades: Counts;
  readonly gaisInvestigator: Counts;
  readonly gaisSubject: Counts;
  readonly satisfaction: Counts;
}

export interface AdverseEventPartial {
  /** Patients with at least one such event. */
  patients: number;
  /** Days → events resolved after that many days. */
  readonly resolvedDays: Counts;
  /** Days → events still open, censored after that many days. */
  readonly openDays: Counts;
}

const RESPONDER_GRADES = 1;
// Zone means of half grades can land a hair under 1 in floating point.
const EPSILON = 1e-9;
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
const EVENT_ROWS: readonly (AdverseEventType | 'any')[] = ['any', ...ADVERSE_EVENT_TYPES];

interface Stratum {
  readonly key: string;
  readonly label: string;
  readonly holds: (fitzpatrickType: number, sessionsDone: number) => boolean;
}

const STRATA: Readonly<Record<Stratification, readonly Stratum[]>> = {
  none: [{ key: 'all', label: 'all patients', holds: () => true }],
  fitzpatrick: ROMAN.map((roman, i) => ({
    key: roman,
    label: `Fitzpatrick ${roman}`,
    holds: (type: number) => type === i + 1,
  })),
  sessions: [
    { key: '1', label: '1 session', holds: (_, sessions) => sessions === 1 },
    { key: '2', label: '2 sessions', holds: (_, sessions) => sessions === 2 },
    { key: '3+', label: '3 or more sessions', holds: (_, sessions) => sessions >= 3 },
  ],
};

/** The partial of no contribution, for `options` (checked as summarizeEvidence checks them). */
export function emptyEvidencePartial(options: SummaryOptions = {}): EvidencePartial {
  const { stratify, windows, durability, asOfDay } = resolveOptions(options);
  return {
    schemaVersion: 1,
    options: {
      stratify,
      windows: windows.map((w) => ({ ...w })),
      durability: {
        earlyWindowId: durability.earlyWindowId,
        lateWindowIds: [...durability.lateWindowIds],
      },
      asOfDay,
    },
    patientsTreated: 0,
    patientsNotTreated: 0,
    strata: STRATA[stratify].map(({ key }) => ({
      key,
      treated: 0,
      complete: 0,
      midSeries: 0,
      stoppedEarly: 0,
      windows: windows.map(() => ({
        assessed: 0,
        improvementGrades: {},
        gaisInvestigator: {},
        gaisSubject: {},
        satisfaction: {},
      })),
      adverseEvents: EVENT_ROWS.map(() => ({ patients: 0, resolvedDays: {}, openDays: {} })),
      durability: {},
    })),
  };
}

/** The partial of `contributions` (computed with `options.windows`). */
export function evidencePartialOf(
  contributions: readonly EvidenceContribution[],
  options: SummaryOptions = {},
): EvidencePartial {
  const partial = emptyEvidencePartial(options);
  for (const c of contributions) addContribution(partial, c);
  return partial;
}

/** Adds one patient's contribution to `partial` (in place). */
export function addContribution(partial: EvidencePartial, contribution: EvidenceContribution) {
  count(partial, contribution, 1);
}

/**
 * Takes one patient's contribution, added before, out of `partial` (in place): exactly the
 * partial without it. A contribution never added makes a count negative: a RangeError.
 */
export function subtractContribution(partial: EvidencePartial, contribution: EvidenceContribution) {
  count(partial, contribution, -1);
}

/** Adds the partial `from` to `into` (in place): the partial of both sets of contributions. */
export function mergeEvidencePartials(into: EvidencePartial, from: EvidencePartial): void {
  if (JSON.stringify(into.options) !== JSON.stringify(from.options)) {
    throw new RangeError('only partials built with the same options can be merged');
  }
  into.patientsTreated += from.patientsTreated;
  into.patientsNotTreated += from.patientsNotTreated;
  from.strata.forEach((f, s) => {
    const t = into.strata[s];
    t.treated += f.treated;
    t.complete += f.complete;
    t.midSeries += f.midSeries;
    t.stoppedEarly += f.stoppedEarly;
    f.windows.forEach((fw, w) => {
      const tw = t.windows[w];
      tw.assessed += fw.assessed;
      addCounts(tw.improvementGrades, fw.improvementGrades);
      addCounts(tw.gaisInvestigator, fw.gaisInvestigator);
      addCounts(tw.gaisSubject, fw.gaisSubject);
      addCounts(tw.satisfaction, fw.satisfaction);
    });
    f.adverseEvents.forEach((fe, e) => {
      const te = t.adverseEvents[e];
      te.patients += fe.patients;
      addCounts(te.resolvedDays, fe.resolvedDays);
      addCounts(te.openDays, fe.openDays);
    });
    addCounts(t.durability, f.durability);
  });
}

/** The summary of the contributions in `partial`, each statistic from its sorted histogram. */
export function finishEvidence(partial: EvidencePartial): EvidenceSummary {
  if (partial.schemaVersion !== 1) {
    throw new RangeError(`unknown evidence partial version ${partial.schemaVersion}`);
  }
  const { stratify, windows, durability } = partial.options;
  const strata = STRATA[stratify].map(({ label }, s): StratumSummary => {
    const p = partial.strata[s];
    return {
      key: p.key,
      label,
      patientsTreated: p.treated,
      patientsComplete: p.complete,
      patientsMidSeries: p.midSeries,
      patientsStoppedEarly: p.stoppedEarly,
      windows: windows.map((w, i) => finishWindow(w, p.windows[i])),
      adverseEvents: EVENT_ROWS.map((type, e) => {
        const events = p.adverseEvents[e];
        const durations: CountedDuration[] = [
          ...sorted(events.resolvedDays).map(([days, n]) => ({ days, resolved: true, count: n })),
          ...sorted(events.openDays).map(([days, n]) => ({ days, resolved: false, count: n })),
        ];
        return adverseEventSummary(type, events.patients, p.treated, durations);
      }),
      durability: finishDurability(durability, p.durability),
    };
  });
  return {
    schemaVersion: 1,
    stratifiedBy: stratify,
    // Field by field: a partial read back from storage may hold its keys in another order.
    windows: windows.map(({ id, label, fromDays, toDays, targetDays }) => ({
      id,
      label,
      fromDays,
      toDays,
      targetDays,
    })),
    patientsTreated: partial.patientsTreated,
    patientsNotTreated: partial.patientsNotTreated,
    strata,
  };
}

/** Adds `sign` (1 or −1) times the contribution to the partial. */
function count(partial: EvidencePartial, c: EvidenceContribution, sign: 1 | -1): void {
  if (!c.course) {
    partial.patientsNotTreated = counted(partial.patientsNotTreated + sign);
    return;
  }
  const { stratify, windows, durability, asOfDay } = partial.options;
  const course = c.course;
  const status = seriesStatusOn(course, asOfDay);
  partial.patientsTreated = counted(partial.patientsTreated + sign);
  STRATA[stratify].forEach((stratum, s) => {
    if (!stratum.holds(c.fitzpatrickType, course.sessionsDone)) return;
    const p = partial.strata[s];
    p.treated = counted(p.treated + sign);
    countStatus(p, status, sign);
    countAdverseEvents(p, c.adverseEvents, sign);
    // A patient mid-series has no result yet: a visit between sessions is not one.
    if (status === 'mid-series') return;
    windows.forEach((_, w) => {
      const f = course.followUps[w];
      if (!f) return;
      const pw = p.windows[w];
      pw.assessed = counted(pw.assessed + sign);
      bump(pw.improvementGrades, f.improvementGrades, sign);
      bump(pw.gaisInvestigator, f.gaisInvestigator, sign);
      bump(pw.gaisSubject, f.gaisSubject, sign);
      bump(pw.satisfaction, f.satisfaction, sign);
    });
    const pair = durabilityPair(windows, durability, course.followUps);
    if (pair) bump(p.durability, `${pair[0]} ${pair[1]}`, sign);
  });
}

function countStatus(p: StratumPartial, status: SeriesStatus, sign: 1 | -1): void {
  if (status === 'complete') p.complete = counted(p.complete + sign);
  else if (status === 'mid-series') p.midSeries = counted(p.midSeries + sign);
  else p.stoppedEarly = counted(p.stoppedEarly + sign);
}

function countAdverseEvents(
  p: StratumPartial,
  events: EvidenceContribution['adverseEvents'],
  sign: 1 | -1,
): void {
  if (events.length === 0) return;
  const any = p.adverseEvents[0];
  any.patients = counted(any.patients + sign);
  const had = new Set<number>();
  for (const event of events) {
    bump(event.resolved ? any.resolvedDays : any.openDays, event.days, sign);
    // Row 0 is `any`; a type outside ADVERSE_EVENT_TYPES (the database allows none) counts there only.
    const row = EVENT_ROWS.indexOf(event.type);
    if (row < 1) continue;
    const r = p.adverseEvents[row];
    bump(event.resolved ? r.resolvedDays : r.openDays, event.days, sign);
    had.add(row);
  }
  for (const row of had) {
    const r = p.adverseEvents[row];
    r.patients = counted(r.patients + sign);
  }
}

/**
 * The same patient's improvement in the early durability window and in the first late one where
 * they have it; null without both.
 */
function durabilityPair(
  windows: readonly FollowUpWindow[],
  durability: DurabilityWindows,
  followUps: NonNullable<EvidenceContribution['course']>['followUps'],
): [number, number] | null {
  const improvementIn = (id: string) =>
    followUps[windows.findIndex((w) => w.id === id)]?.improvementGrades ?? null;
  const early = improvementIn(durability.earlyWindowId);
  if (early === null) return null;
  for (const id of durability.lateWindowIds) {
    const late = improvementIn(id);
    if (late !== null) return [early, late];
  }
  return null;
}

function finishWindow(window: FollowUpWindow, p: WindowPartial): WindowSummary {
  const improvements = sorted(p.improvementGrades);
  return {
    windowId: window.id,
    label: window.label,
    patientsAssessed: p.assessed,
    improvementGrades: meanOfCounts(improvements),
    responders: rate(improvements, (v) => v >= RESPONDER_GRADES - EPSILON),
    gaisInvestigatorImproved: rate(sorted(p.gaisInvestigator), (v) => v <= 3),
    gaisSubjectImproved: rate(sorted(p.gaisSubject), (v) => v <= 3),
    satisfied: rate(sorted(p.satisfaction), (v) => v >= 4),
  };
}

function finishDurability(durability: DurabilityWindows, pairs: Counts): DurabilitySummary {
  const pairList = Object.entries(pairs).map(([key, n]) => {
    const [early, late] = key.split(' ').map(Number);
    return { early, late, change: late - early, n };
  });
  // Sorted by the value, ties by the pair: an order set by the pairs alone.
  const byValue = (value: (p: (typeof pairList)[number]) => number): CountedValue[] =>
    [...pairList]
      .sort((a, b) => value(a) - value(b) || a.early - b.early || a.late - b.late)
      .map((p) => [value(p), p.n]);
  return {
    earlyWindowId: durability.earlyWindowId,
    lateWindowIds: [...durability.lateWindowIds],
    early: meanOfCounts(byValue((p) => p.early)),
    late: meanOfCounts(byValue((p) => p.late)),
    change: meanOfCounts(byValue((p) => p.change)),
  };
}

function rate(values: readonly CountedValue[], hit: (v: number) => boolean) {
  let n = 0;
  let hits = 0;
  for (const [v, count] of values) {
    n += count;
    if (hit(v)) hits += count;
  }
  return proportion(hits, n);
}

/** The histogram's values with their counts, smallest value first. */
function sorted(counts: Counts): CountedValue[] {
  return Object.entries(counts)
    .map(([value, n]): CountedValue => [Number(value), n])
    .sort((a, b) => a[0] - b[0]);
}

/** Counts `value` `sign` more times (a null value is not counted: the measure is missing). */
function bump(counts: Counts, value: number | string | null, sign: number): void {
  if (value === null) return;
  const key = String(value);
  const next = counted((counts[key] ?? 0) + sign);
  if (next === 0) delete counts[key];
  else counts[key] = next;
}

function addCounts(into: Counts, from: Counts): void {
  for (const [key, n] of Object.entries(from)) bump(into, key, n);
}

/** A count after a change: never below zero (that would be a contribution never added). */
function counted(n: number): number {
  if (n < 0) throw new RangeError('subtracted a contribution that was never added');
  return n;
}
