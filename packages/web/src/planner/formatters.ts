/**
 * Numbers, percentages and dates in the browser's locale (Intl), each with its unit, so the
 * figures read as the user reads numbers (6.0 % or 6,0 %). `locale` is for the tests.
 */
export function formatNumber(value: number, fractionDigits = 0, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** A fraction (0..1) as a percentage with its sign: 0.06 → "6.00 %". */
export function formatPercent(fraction: number, fractionDigits = 2, locale?: string): string {
  return `${formatNumber(fraction * 100, fractionDigits, locale)} %`;
}

export function formatMm(valueMm: number | null, fractionDigits = 2, locale?: string): string {
  return valueMm === null ? '—' : `${formatNumber(valueMm, fractionDigits, locale)} mm`;
}

/** An ISO instant as the date (and time, when asked) in the browser's locale. */
export function formatDate(iso: string, withTime = false, locale?: string): string {
  const date = new Date(iso);
  return withTime
    ? date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
    : date.toLocaleDateString(locale, { dateStyle: 'medium' });
}

/** Minutes as "25 min" or "1 h 05 min". */
export function formatMinutes(minutes: number, locale?: string): string {
  const whole = Math.round(minutes);
  if (whole < 60) return `${formatNumber(whole, 0, locale)} min`;
  const hours = Math.floor(whole / 60);
  return `${formatNumber(hours, 0, locale)} h ${String(whole % 60).padStart(2, '0')} min`;
}
