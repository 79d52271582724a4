/**
 * The planner's figures in the browser's locale (Intl), each with its unit and a fixed number of
 * decimals, so columns of figures line up (6.00 % or 6,00 %). Dates: format/locale.ts.
 * `locale` is for the tests.
 */
export function formatNumber(value: number, fractionDigits = 0, locale?: string): string {
  return numberFormat(fractionDigits, locale).format(value);
}

// One formatter per locale and number of decimals: making one costs far more than using it, and
// the planner's figures use a few dozen on every plan.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(fractionDigits: number, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** A fraction (0..1) as a percentage with its sign: 0.06 → "6.00 %". */
export function formatPercent(fraction: number, fractionDigits = 2, locale?: string): string {
  return `${formatNumber(fraction * 100, fractionDigits, locale)} %`;
}

export function formatMm(valueMm: number | null, fractionDigits = 2, locale?: string): string {
  return valueMm === null ? '—' : `${formatNumber(valueMm, fractionDigits, locale)} mm`;
}

/** Minutes as "25 min" or "1 h 05 min". */
export function formatMinutes(minutes: number, locale?: string): string {
  const whole = Math.round(minutes);
  if (whole < 60) return `${formatNumber(whole, 0, locale)} min`;
  const hours = Math.floor(whole / 60);
  return `${formatNumber(hours, 0, locale)} h ${String(whole % 60).padStart(2, '0')} min`;
}
