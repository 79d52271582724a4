import type { AdverseEventSummary, MeanEstimate, ProportionEstimate } from '@microcore/core';
import { TYPE_LABELS } from '../adverseEvents/adverseEventChoices';
import type { Cell } from './csv';
import type { Unit } from './readable';
import type { EvidenceAnswer } from './types';

/**
 * The screen's tables, built from the API's answers and nothing else: each is a chart's data,
 * its accessible table and its CSV (full precision), so the three never disagree.
 */

/** One group on a chart: an estimate with its 95 % interval and the patients behind it. */
export interface ChartRow {
  readonly key: string;
  readonly label: string;
  /** The patients the estimate is over (shown on the chart, never hidden). */
  readonly n: number;
  readonly value: number | null;
  readonly low: number | null;
  /** null: the interval has no upper end within follow-up (a duration). */
  readonly high: number | null;
  /** Why there is no estimate, when there is none. */
  readonly missing?: string;
}

export interface Column {
  /** The CSV's header, with its unit. */
  readonly header: string;
  /** How the screen shows the column's numbers; text columns are shown as they are. */
  readonly unit: Unit | 'text';
}

export interface EvidenceTable {
  readonly id: string;
  readonly title: string;
  /** The chart's measure, with its unit (its axis label). */
  readonly axis: string;
  readonly unit: Exclude<Unit, 'count'>;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  readonly chart: readonly ChartRow[];
}

export type OutcomeMeasure = 'improvement' | 'responders';

const TYPE_WORDS: Record<string, string> = { ...TYPE_LABELS, other: 'Other', any: 'Any event' };

const interval = (ci: { low: number; high: number } | null) => [ci?.low ?? null, ci?.high ?? null];

const meanRow = (key: string, label: string, m: MeanEstimate, missing: string): ChartRow => ({
  key,
  label,
  n: m.n,
  value: m.mean,
  low: m.ci95?.low ?? null,
  high: m.ci95?.high ?? null,
  ...(m.mean === null ? { missing } : {}),
});

const rateRow = (key: string, label: string, p: ProportionEstimate, missing: string): ChartRow => ({
  key,
  label,
  n: p.n,
  value: p.rate,
  low: p.ci95?.low ?? null,
  high: p.ci95?.high ?? null,
  ...(p.rate === null ? { missing } : {}),
});

/**
 * Outcomes per stratum (Fitzpatrick type or sessions done) in one follow-up window: the mean
 * Lemperle improvement and the responders' share, each with its interval and its own n.
 */
export function outcomeTable(
  answer: EvidenceAnswer,
  windowId: string,
  measure: OutcomeMeasure,
): EvidenceTable {
  const window = answer.windows.find((w) => w.id === windowId) ?? answer.windows[0];
  const by = answer.stratifiedBy === 'fitzpatrick' ? 'Fitzpatrick type' : 'sessions done';
  const rows: Cell[][] = [];
  const chart: ChartRow[] = [];
  for (const stratum of answer.strata) {
    const w = stratum.windows.find((x) => x.windowId === window?.id);
    if (!w) continue;
    const label = answer.stratifiedBy === 'fitzpatrick' ? stratum.key : stratum.label;
    rows.push([
      label,
      stratum.patientsTreated,
      w.patientsAssessed,
      w.improvementGrades.n,
      w.improvementGrades.mean,
      ...interval(w.improvementGrades.ci95),
      w.responders.count,
      w.responders.n,
      w.responders.rate,
      ...interval(w.responders.ci95),
    ]);
    const none = 'no patient assessed in this window';
    chart.push(
      measure === 'improvement'
        ? meanRow(stratum.key, label, w.improvementGrades, none)
        : rateRow(stratum.key, label, w.responders, none),
    );
  }
  return {
    id: `outcome-by-${answer.stratifiedBy}`,
    title: `Outcome by ${by}, ${window?.label ?? ''}`,
    axis:
      measure === 'improvement'
        ? 'Mean Lemperle improvement (grades; baseline − follow-up, higher is better)'
        : 'Responders (improved ≥ 1 Lemperle grade), % of patients assessed',
    unit: measure === 'improvement' ? 'grades' : 'share',
    columns: [
      { header: by, unit: 'text' },
      { header: 'patients treated', unit: 'count' },
      { header: 'patients assessed in window', unit: 'count' },
      { header: 'improvement n', unit: 'count' },
      { header: 'improvement mean (grades)', unit: 'grades' },
      { header: 'improvement 95% CI low (grades)', unit: 'grades' },
      { header: 'improvement 95% CI high (grades)', unit: 'grades' },
      { header: 'responders', unit: 'count' },
      { header: 'responders n', unit: 'count' },
      { header: 'responder share', unit: 'share' },
      { header: 'responder share 95% CI low', unit: 'share' },
      { header: 'responder share 95% CI high', unit: 'share' },
    ],
    rows,
    chart,
  };
}

const eventRows = (answer: EvidenceAnswer): readonly AdverseEventSummary[] =>
  answer.strata[0]?.adverseEvents ?? [];

/** Adverse events by type among treated patients: the share of patients with one (Wilson). */
export function adverseEventTable(answer: EvidenceAnswer): EvidenceTable {
  const events = eventRows(answer);
  return {
    id: 'adverse-events',
    title: 'Adverse events: patients with at least one, by type',
    axis: 'Patients with the event, % of patients treated',
    unit: 'share',
    columns: [
      { header: 'event type', unit: 'text' },
      { header: 'patients with event', unit: 'count' },
      { header: 'patients treated', unit: 'count' },
      { header: 'share of patients', unit: 'share' },
      { header: 'share 95% CI low', unit: 'share' },
      { header: 'share 95% CI high', unit: 'share' },
      { header: 'events', unit: 'count' },
      { header: 'events resolved', unit: 'count' },
      { header: 'events open', unit: 'count' },
    ],
    rows: events.map((e) => [
      TYPE_WORDS[e.type] ?? e.type,
      e.patients.count,
      e.patients.n,
      e.patients.rate,
      ...interval(e.patients.ci95),
      e.events,
      e.resolvedEvents,
      e.unresolvedEvents,
    ]),
    chart: events.map((e) =>
      rateRow(e.type, TYPE_WORDS[e.type] ?? e.type, e.patients, 'no patient treated'),
    ),
  };
}

/**
 * How long events lasted: the Kaplan–Meier median (an open event counts as lasting at least to
 * the patient's last contact) with its Brookmeyer–Crowley interval, per type with events.
 */
export function durationTable(answer: EvidenceAnswer): EvidenceTable {
  const events = eventRows(answer).filter((e) => e.events > 0);
  return {
    id: 'adverse-event-durations',
    title: 'Adverse events: how long they lasted (Kaplan–Meier median)',
    axis: 'Median duration (days; open events counted to the last contact)',
    unit: 'days',
    columns: [
      { header: 'event type', unit: 'text' },
      { header: 'events', unit: 'count' },
      { header: 'events open', unit: 'count' },
      { header: 'median duration (days)', unit: 'days' },
      { header: 'median 95% CI low (days)', unit: 'days' },
      { header: 'median 95% CI high (days; empty: not reached)', unit: 'days' },
      { header: 'longest observed (days)', unit: 'days' },
      { header: 'longest still open', unit: 'text' },
    ],
    rows: events.map((e) => [
      TYPE_WORDS[e.type] ?? e.type,
      e.events,
      e.unresolvedEvents,
      e.durationDays.median,
      e.durationDays.ci95?.low ?? null,
      e.durationDays.ci95?.high ?? null,
      e.durationDays.longestObservedDays,
      e.durationDays.longestIsOpen ? 'yes' : 'no',
    ]),
    chart: events.map((e) => ({
      key: e.type,
      label: TYPE_WORDS[e.type] ?? e.type,
      n: e.events,
      value: e.durationDays.median,
      low: e.durationDays.ci95?.low ?? null,
      high: e.durationDays.ci95 ? e.durationDays.ci95.high : null,
      ...(e.durationDays.median === null
        ? { missing: 'more than half still open: the median is not reached yet' }
        : {}),
    })),
  };
}

/** The same patients at 90 days and at 180 days or later, and the change (negative = waning). */
export function durabilityTable(answer: EvidenceAnswer): EvidenceTable {
  const d = answer.strata[0]?.durability;
  const label = (id: string) => answer.windows.find((w) => w.id === id)?.label ?? id;
  const late = d ? d.lateWindowIds.map(label).join(', else ') : '';
  const entries: [string, string, MeanEstimate | undefined][] = [
    ['early', d ? label(d.earlyWindowId) : '90 days', d?.early],
    ['late', late || '180 days or later', d?.late],
    ['change', 'change, late − early', d?.change],
  ];
  const none = 'no patient assessed at both';
  const empty: MeanEstimate = { n: 0, mean: null, sd: null, ci95: null };
  return {
    id: 'durability',
    title: 'Durability: the same patients at 90 days and at 180 days or later',
    axis: 'Mean Lemperle improvement (grades; the change: negative is waning)',
    unit: 'grades',
    columns: [
      { header: 'measure', unit: 'text' },
      { header: 'patients', unit: 'count' },
      { header: 'mean (grades)', unit: 'grades' },
      { header: 'sd (grades)', unit: 'grades' },
      { header: '95% CI low (grades)', unit: 'grades' },
      { header: '95% CI high (grades)', unit: 'grades' },
    ],
    rows: entries.map(([, words, m = empty]) => [words, m.n, m.mean, m.sd, ...interval(m.ci95)]),
    chart: entries.map(([key, words, m = empty]) => meanRow(key, words, m, none)),
  };
}
