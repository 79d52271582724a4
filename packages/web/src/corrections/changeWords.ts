import { formatCalendarDate, formatNumber } from '../format/locale';

/** What made a version, as the history says it. */
export const CHANGE_WORDS: Readonly<Record<string, string>> = {
  created: 'Recorded',
  corrected: 'Corrected',
  'entered-in-error': 'Struck out as entered in error',
  resolved: 'Resolved',
  reopened: 'Reopened',
  withdrawn: 'Withdrawn',
};

export const changeWords = (change: string) => CHANGE_WORDS[change] ?? change;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A recorded value in words: nothing as a dash, a calendar day and a number in the reader's
 * locale, a list item by item, an object as "key value" pairs (a session's zones, a follow-up's
 * grades by zone). `label` turns a field's coded value into its words (an anaesthesia, a scope).
 */
export function valueWords(value: unknown, locale?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return formatNumber(value, {}, locale);
  if (typeof value === 'string') return DAY.test(value) ? formatCalendarDate(value, locale) : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value))
    return value.length === 0 ? 'none' : value.map((item) => valueWords(item, locale)).join('; ');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return 'none';
  return entries.map(([key, item]) => `${key} ${valueWords(item, locale)}`).join(', ');
}

/** A field's name in words: its label when the kind gives one, else the name spelt out. */
export const fieldWords =
  (labels: Readonly<Record<string, string>>) =>
  (field: string): string =>
    labels[field] ??
    field
      .replace(
        /([a-z])([A-Z])/g,
        (_m, end: string, start: string) => `${end} ${start.toLowerCase()}`,
      )
      .replace(/^./, (first) => first.toUpperCase());
