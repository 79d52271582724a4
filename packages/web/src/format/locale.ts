/**
 * Dates and numbers in the browser's locale (`locale` undefined: the browser's own; tests pass
 * one). Calendar dates (YYYY-MM-DD: a birth date, a screening day) are days, not instants: they
 * are shown as the same day in every time zone.
 */

/** '1961-12-10' → e.g. "10 Dec 1961" (en-GB), "Dec 10, 1961" (en-US). */
export function formatCalendarDate(date: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return utc.toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** An instant (ISO 8601) as the browser's local date and time. */
export function formatDateTime(iso: string, locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return at.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatNumber(
  value: number,
  options: Intl.NumberFormatOptions = {},
  locale?: string,
): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** A fraction (0.06) as a percentage ("6 %" in the locale's own way, e.g. "6%" or "6 %"). */
export function formatPercent(fraction: number, maxDigits = 1, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: maxDigits,
  }).format(fraction);
}

/** Whole years from a birth date (YYYY-MM-DD) to the day `today` (YYYY-MM-DD). */
export function ageYears(birthDate: string, today: string): number | undefined {
  const birth = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  const now = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
  if (!birth || !now) return undefined;
  const years = Number(now[1]) - Number(birth[1]);
  const beforeBirthday = `${now[2]}-${now[3]}` < `${birth[2]}-${birth[3]}`;
  return beforeBirthday ? years - 1 : years;
}

/** The browser's today as YYYY-MM-DD (its own time zone). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
