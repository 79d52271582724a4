import { describe, expect, it } from 'vitest';
import {
  ageYears,
  formatCalendarDate,
  formatNumber,
  formatPercent,
  localToday,
} from '../src/format/locale';
import { waitInWords } from '../src/format/waitInWords';

describe("dates and numbers in the reader's locale", () => {
  it('shows a calendar date as the same day in every locale and time zone', () => {
    expect(formatCalendarDate('1961-12-10', 'en-GB')).toBe('10 Dec 1961');
    expect(formatCalendarDate('1961-12-10', 'en-US')).toBe('Dec 10, 1961');
    expect(formatCalendarDate('1961-12-10', 'de-DE')).toBe('10.12.1961');
    // The first and last days of a year are the ones a time-zone shift would move.
    expect(formatCalendarDate('2000-01-01', 'en-GB')).toBe('1 Jan 2000');
    expect(formatCalendarDate('1999-12-31', 'en-GB')).toBe('31 Dec 1999');
  });

  it('leaves what is not a calendar date as it came', () => {
    expect(formatCalendarDate('10/12/1961', 'en-GB')).toBe('10/12/1961');
  });

  it("formats numbers and percentages the locale's way", () => {
    expect(formatNumber(11234, {}, 'en-GB')).toBe('11,234');
    expect(formatNumber(11234, {}, 'de-DE')).toBe('11.234');
    expect(formatNumber(2.5, {}, 'fr-FR')).toBe('2,5');
    expect(formatPercent(0.06, 1, 'en-GB')).toBe('6%');
    expect(formatPercent(0.065, 1, 'de-DE')).toBe('6,5\u00a0%');
  });

  it('counts whole years, the birthday included', () => {
    expect(ageYears('1961-12-10', '2026-12-09')).toBe(64);
    expect(ageYears('1961-12-10', '2026-12-10')).toBe(65);
    expect(ageYears('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageYears('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageYears('nonsense', '2026-01-01')).toBeUndefined();
  });

  it("gives the browser's today as YYYY-MM-DD in its own time zone", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('a wait in words', () => {
  it.each([
    [0.2, '1 second'],
    [1, '1 second'],
    [45, '45 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [300, '5 minutes'],
    [3600, 'about 1 hour'],
    [3601, 'about 2 hours'],
  ])('%s s is "%s" (never shorter than asked)', (seconds, words) => {
    expect(waitInWords(seconds, 'en-GB')).toBe(words);
  });
});
