import { MicrocoreError } from '../errors.js';
import type { IsoDate } from '../records/types.js';

/**
 * Calendar arithmetic on `YYYY-MM-DD` dates through UTC day numbers: no clock, no time zone, so
 * every day is 24 h and intervals survive a shift of all of a patient's dates.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(date: IsoDate, field = 'date'): number {
  const m = ISO_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Date.UTC rolls 2025-02-30 over to March: reject what does not round-trip.
  if (!m || !Number.isFinite(ms) || fromDayNumber(ms / MS_PER_DAY) !== date) {
    throw new MicrocoreError(
      'evidence.invalid-date',
      `"${date}" is not a calendar date; write it as YYYY-MM-DD`,
      field,
    );
  }
  return ms / MS_PER_DAY;
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
