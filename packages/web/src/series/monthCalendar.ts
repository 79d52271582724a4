/**
 * A month calendar's layout: the months that hold the given days, each as weeks of seven cells
 * (a calendar date YYYY-MM-DD, or null before the 1st and after the last day), the week starting
 * on the locale's first day. Days are calendar days, not instants: UTC arithmetic throughout.
 */

export interface CalendarMonth {
  /** YYYY-MM */
  readonly key: string;
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly weeks: readonly (readonly (string | null)[])[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** One month's weeks, starting on `firstDay` (ISO weekday, 1 Monday … 7 Sunday). */
export function monthWeeks(year: number, month: number, firstDay = 1): (string | null)[][] {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = `${year}-${pad(month)}-01`;
  const lead = (isoWeekday(first) - firstDay + 7) % 7;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let day = 1; day <= days; day++) cells.push(`${year}-${pad(month)}-${pad(day)}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** The months that hold any of `dates`, in order, each laid out by `monthWeeks`. */
export function monthsOf(dates: readonly string[], firstDay = 1): CalendarMonth[] {
  const keys = [...new Set(dates.map((date) => date.slice(0, 7)))].sort();
  return keys.map((key) => {
    const year = Number(key.slice(0, 4));
    const month = Number(key.slice(5, 7));
    return { key, year, month, weeks: monthWeeks(year, month, firstDay) };
  });
}

/** The locale's first day of the week (ISO weekday), Monday where the browser does not say. */
export function firstDayOfWeek(locale?: string): number {
  try {
    const resolved = new Intl.Locale(locale ?? new Intl.DateTimeFormat().resolvedOptions().locale);
    const info = resolved as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return info.getWeekInfo?.().firstDay ?? info.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** The seven weekday names from `firstDay`, short and long, in the locale. */
export function weekdayNames(firstDay = 1, locale?: string): { short: string; long: string }[] {
  const short = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
  const long = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday (ISO weekday 1).
  return Array.from({ length: 7 }, (_, i) => {
    const at = new Date(Date.UTC(2024, 0, 1 + ((firstDay - 1 + i) % 7)));
    return { short: short.format(at), long: long.format(at) };
  });
}

/** "March 2027" in the locale. */
export function monthTitle(year: number, month: number, locale?: string): string {
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString(locale, {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
