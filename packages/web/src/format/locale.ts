/**
 * Dates and numbers in the browser's locale (`locale` undefined: the browser's own; tests pass
 * one). Calendar dates (YYYY-MM-DD: a birth date, a screening day) are days, not instants: they
 * are shown as the same day in every time zone.
 */

/**
 * One formatter per locale and options, made once: making an Intl formatter costs far more than
 * using one (a 200-row timeline spent ~0.2 s making date formatters, one per call).
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(
  make: (locale: string | undefined, options: object) => F,
  kind: string,
  locale: string | undefined,
  options: object,
): F {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let made = formatters.get(key) as F | undefined;
  if (!made) {
    made = make(locale, options);
    formatters.set(key, made);
  }
  return made;
}
const dateFormat = (locale: string | undefined, options: Intl.DateTimeFormatOptions) =>
  formatter((l, o) => new Intl.DateTimeFormat(l, o), 'date', locale, options);
const numberFormat = (locale: string | undefined, options: Intl.NumberFormatOptions) =>
  formatter((l, o) => new Intl.NumberFormat(l, o), 'number', locale, options);

/** '1961-12-10' → e.g. "10 Dec 1961" (en-GB), "Dec 10, 1961" (en-US). */
export function formatCalendarDate(date: string, locale?: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** An instant (ISO 8601) as the browser's local date and time. */
export function formatDateTime(iso: string, locale?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

export function formatNumber(
  value: number,
  options: Intl.NumberFormatOptions = {},
  locale?: string,
): string {
  return numberFormat(locale, options).format(value);
}

/** A fraction (0.06) as a percentage ("6 %" in the locale's own way, e.g. "6%" or "6 %"). */
export function formatPercent(fraction: number, maxDigits = 1, locale?: string): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: maxDigits }).format(
    fraction,
  );
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
