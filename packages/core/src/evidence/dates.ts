import { MicrocoreError } from '../errors.js';
import type { IsoDate } from '../records/types.js';

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates through UTC day numbers: no clock, no time zone, so
 * every day is 24 h and intervals survive a shift of all of a patient's dates.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day numbers of dates already read. A summary reads each patient's dates several times and
 * thousands of patients share a few hundred days, so most reads are a lookup. Bounded: emptied
 * when full (valid dates only; a bad one throws every time).
 */
const knownDays = new Map<string, number>();
const KNOWN_DAYS_MAX = 100_000;

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(date: IsoDate, field = 'date'): number {
  const known = knownDays.get(date);
  if (known !== undefined) return known;
  const m = ISO_DATE.exec(date);
  const year = m ? Number(m[1]) : Number.NaN;
  const month = m ? Number(m[2]) : Number.NaN;
  const day = m ? Number(m[3]) : Number.NaN;
  // Arithmetic, not a Date round trip: the statistics read every date of every journey, and
  // building a Date and its ISO string per date was most of a 10,000-patient summary's time.
  // Years before 100 are refused, as Date.UTC (which reads them as 19xx) always made us do.
  if (!m || year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new MicrocoreError(
      'evidence.invalid-date',
      `"${date}" is not a calendar date; write it as YYYY-MM-DD`,
      field,
    );
  }
  const days = daysFromCivil(year, month, day);
  if (knownDays.size >= KNOWN_DAYS_MAX) knownDays.clear();
  knownDays.set(date, days);
  return days;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil, exact
 * for every year here): March-based years, so the leap day falls at a year's end.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The calendar date of a day number. */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `to − from` in days. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/** The date `days` after `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** Completed years of age on `on` for someone born on `birth` (calendar rule). */
export function ageInYears(birth: IsoDate, on: IsoDate): number {
  dayNumber(birth, 'birthDate');
  dayNumber(on);
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
