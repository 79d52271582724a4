/**
 * The prediction's numbers in the reader's locale (Intl), always with their unit. `locale` is
 * for the tests; the app passes none and gets the browser's.
 */
export function formatNumber(value: number, fractionDigits = 0, locale?: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** A fraction (0..1) as a percentage: 0.0073 → "0.73 %". */
export function formatPercent(fraction: number, fractionDigits = 2, locale?: string): string {
  return `${formatNumber(fraction * 100, fractionDigits, locale)} %`;
}

/** A fraction's interval: "0.41–1.02 %". */
export function formatPercentRange(
  low: number,
  high: number,
  fractionDigits = 2,
  locale?: string,
): string {
  return `${formatNumber(low * 100, fractionDigits, locale)}–${formatNumber(high * 100, fractionDigits, locale)} %`;
}

export function formatGrades(value: number, fractionDigits = 1, locale?: string): string {
  return `${formatNumber(value, fractionDigits, locale)} ${Math.abs(value) === 1 ? 'grade' : 'grades'}`;
}

export function formatDays(value: number, fractionDigits = 0, locale?: string): string {
  return `${formatNumber(value, fractionDigits, locale)} ${value === 1 ? 'day' : 'days'}`;
}

export function formatDate(iso: string, locale?: string): string {
  return new Date(iso).toLocaleDateString(locale, { dateStyle: 'medium' });
}
