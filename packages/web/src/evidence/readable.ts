/**
 * Numbers rounded for reading (the API and the CSV downloads keep full precision). One rule per
 * unit, so every chart, table and sentence of the screen rounds alike (docs/web.md, "Evidence"):
 * - grades (Lemperle improvement): 2 decimals — raters grade whole grades, and a mean's second
 *   decimal is already below what any one patient can show;
 * - shares (rates): whole percent, 1 decimal below 10 % (so a rare event is not read as 0 %);
 * - days: whole days, 1 decimal below 10 days (a 3.5-day downtime stays 3.5);
 * - counts: whole numbers.
 */
export type Unit = 'grades' | 'share' | 'days' | 'count';

export const UNIT_WORDS: Record<Unit, string> = {
  grades: 'Lemperle grades',
  share: '%',
  days: 'days',
  count: 'patients',
};

// A formatter is slow to make and quick to use: one per locale, digits and style.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string | undefined, digits: number, percent: boolean) {
  const key = `${locale ?? ''}|${digits}|${percent}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      ...(percent ? { style: 'percent' } : {}),
    });
    formatters.set(key, made);
  }
  return made;
}

/** `value` as the screen shows it (no unit: headers and axes say it); null as an em dash. */
export function readable(value: number | null | undefined, unit: Unit, locale?: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const format = (digits: number, options: { style?: 'percent' } = {}) =>
    formatter(locale, digits, options.style === 'percent').format(value);
  switch (unit) {
    case 'grades':
      return format(2);
    case 'share': {
      const small = value !== 0 && Math.abs(value) < 0.1;
      return format(small ? 1 : 0, { style: 'percent' });
    }
    case 'days':
      return format(Math.abs(value) < 10 && !Number.isInteger(value) ? 1 : 0);
    case 'count':
      return format(0);
  }
}

const tickFormat = new Map<string, Intl.NumberFormat>();

/** An axis tick: a round number with only the decimals it has (0.5, not 0.50); shares as %. */
export function tickLabel(value: number, unit: Unit, locale?: string): string {
  if (unit === 'share') return readable(value, 'share', locale);
  const key = locale ?? '';
  let made = tickFormat.get(key);
  if (!made) {
    made = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    tickFormat.set(key, made);
  }
  return made.format(value);
}

/** "0.84 (0.61 to 1.07)": an estimate with its interval, both rounded alike. */
export function withInterval(
  value: number | null,
  interval: { low: number | null; high: number | null } | null,
  unit: Unit,
  locale?: string,
): string {
  const estimate = readable(value, unit, locale);
  if (value === null || interval === null) return estimate;
  const high = interval.high === null ? 'not reached' : readable(interval.high, unit, locale);
  return `${estimate} (${readable(interval.low, unit, locale)} to ${high})`;
}

/**
 * The width beyond which an interval says too little to read off a chart: half the scale a rate
 * can take (50 percentage points), two Lemperle grades (the difference between a mild and a
 * severe wrinkle), or a duration's interval without an upper end or wider than 90 days. The
 * screen then says so beside the group, and still shows the group and its n.
 */
export const TOO_WIDE: Record<Exclude<Unit, 'count'>, number> = {
  share: 0.5,
  grades: 2,
  days: 90,
};

export function tooWideToRead(
  interval: { low: number | null; high: number | null } | null,
  unit: Exclude<Unit, 'count'>,
): boolean {
  if (interval === null || interval.low === null) return false;
  if (interval.high === null) return true;
  return interval.high - interval.low > TOO_WIDE[unit];
}
