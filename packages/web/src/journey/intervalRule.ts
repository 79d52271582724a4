import { SERIES_SETTINGS } from '@microcore/core';
import { formatCalendarDate, formatNumber } from '../format/locale';

/**
 * The minimum-interval rule between sessions, said before saving: the core's setting, which the
 * server applies to a series (`intervalWeeks`) and to each recorded session (against the
 * sessions before and after it): sooner needs a recorded reason.
 */

export const MINIMUM_INTERVAL_WEEKS: number = SERIES_SETTINGS.minimumIntervalWeeks.value;
export const MINIMUM_INTERVAL_DAYS = Math.round(MINIMUM_INTERVAL_WEEKS * 7);
export const INTERVAL_RULE_SOURCE: string = SERIES_SETTINGS.minimumIntervalWeeks.source;

/** Whole days from one calendar date to another (negative when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The rule in one sentence. */
export function intervalRuleText(locale?: string): string {
  return `At least ${formatNumber(MINIMUM_INTERVAL_WEEKS, {}, locale)} weeks (${formatNumber(MINIMUM_INTERVAL_DAYS, {}, locale)} days) between sessions; a shorter interval needs a recorded reason.`;
}

export interface IntervalVerdict {
  readonly days: number;
  /** Sooner than the minimum: the reason is required. */
  readonly needsReason: boolean;
  /** What this interval means, in a sentence. */
  readonly text: string;
}

/** A series' interval in days, against the rule. */
export function seriesIntervalVerdict(days: number, locale?: string): IntervalVerdict {
  const needsReason = days < MINIMUM_INTERVAL_DAYS;
  const n = formatNumber(days, {}, locale);
  return {
    days,
    needsReason,
    text: needsReason
      ? `${n} days is below the minimum of ${formatNumber(MINIMUM_INTERVAL_DAYS, {}, locale)} days: give the reason for the shorter interval.`
      : `${n} days: within the rule.`,
  };
}

/**
 * A session on `date` against the patient's recorded sessions (their dates): the nearest before
 * (or on) it and after it, as the server checks. Undefined when there is no other session.
 */
export function sessionIntervalVerdict(
  date: string,
  recorded: readonly string[],
  locale?: string,
): IntervalVerdict | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const before = recorded
    .filter((d) => d <= date)
    .sort()
    .at(-1);
  const after = recorded.filter((d) => d > date).sort()[0];
  if (before === undefined && after === undefined) return undefined;
  const gaps = [
    ...(before === undefined
      ? []
      : [{ other: before, days: daysBetween(before, date), word: 'after' }]),
    ...(after === undefined
      ? []
      : [{ other: after, days: daysBetween(date, after), word: 'before' }]),
  ];
  const shortest = gaps.reduce((a, b) => (b.days < a.days ? b : a));
  const when = `${formatNumber(shortest.days, {}, locale)} days ${shortest.word} the session of ${formatCalendarDate(shortest.other, locale)}`;
  if (shortest.days <= 0)
    return {
      days: shortest.days,
      needsReason: false,
      text: `A session is already recorded on ${formatCalendarDate(shortest.other, locale)}: choose another day.`,
    };
  const needsReason = shortest.days < MINIMUM_INTERVAL_DAYS;
  return {
    days: shortest.days,
    needsReason,
    text: needsReason
      ? `${when}: below the minimum, so a reason is required.`
      : `${when}: within the rule.`,
  };
}
