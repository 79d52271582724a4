import { describe, expect, it } from 'vitest';
import { MicrocoreError } from '../src/errors.js';
import { dayNumber, fromDayNumber } from '../src/evidence/dates.js';

/**
 * dayNumber computes day numbers by arithmetic (for speed); these hold it to what a Date round
 * trip says, which is what it used to do: the same number for every valid date, and a refusal
 * for every string that is not one.
 */
const MS_PER_DAY = 86_400_000;

/** The former definition: Date.UTC, and a refusal unless the date reads back the same. */
function byDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms)) return null;
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / MS_PER_DAY : null;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('dayNumber', () => {
  it('agrees with the Date round trip on every day from 1600 to 2400, and back', () => {
    const first = byDate('1600-01-01') as number;
    const last = byDate('2400-12-31') as number;
    for (let day = first; day <= last; day++) {
      const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
      expect(dayNumber(date)).toBe(day);
      expect(fromDayNumber(dayNumber(date))).toBe(date);
    }
  });

  it('refuses what the Date round trip refuses (impossible days, months, years before 100)', () => {
    const candidates: string[] = [];
    for (const year of [0, 1, 99, 100, 1900, 2000, 2023, 2024, 2100, 9999])
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++)
          candidates.push(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
    candidates.push('2024-1-01', '2024-01-1', ' 2024-01-01', '2024/01/01', '', 'x');
    for (const date of candidates) {
      const expected = byDate(date);
      if (expected === null) {
        expect(() => dayNumber(date, 'when'), date).toThrow(MicrocoreError);
        // Asked twice: a refused date is never remembered as valid.
        expect(() => dayNumber(date, 'when'), date).toThrow(/not a calendar date/);
      } else expect(dayNumber(date), date).toBe(expected);
    }
  });
});
