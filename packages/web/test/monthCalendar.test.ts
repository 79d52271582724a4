import { describe, expect, it } from 'vitest';
import {
  firstDayOfWeek,
  isoWeekday,
  monthsOf,
  monthTitle,
  monthWeeks,
  weekdayNames,
} from '../src/series/monthCalendar';

describe('the month calendar’s layout', () => {
  it('lays a month out in weeks from Monday: March 2027 starts on a Monday, ends on a Wednesday', () => {
    const weeks = monthWeeks(2027, 3, 1);
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([
      '2027-03-01',
      '2027-03-02',
      '2027-03-03',
      '2027-03-04',
      '2027-03-05',
      '2027-03-06',
      '2027-03-07',
    ]);
    expect(weeks[4]).toEqual(['2027-03-29', '2027-03-30', '2027-03-31', null, null, null, null]);
  });

  it('from Sunday, the same month leads with one empty cell', () => {
    const weeks = monthWeeks(2027, 3, 7);
    expect(weeks[0][0]).toBeNull();
    expect(weeks[0][1]).toBe('2027-03-01');
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it('knows leap Februaries', () => {
    expect(monthWeeks(2028, 2).flat().filter(Boolean).at(-1)).toBe('2028-02-29');
    expect(monthWeeks(2027, 2).flat().filter(Boolean).at(-1)).toBe('2027-02-28');
  });

  it('keeps only the months that hold a date, in order', () => {
    const months = monthsOf(['2027-07-13', '2027-03-02', '2027-04-13', '2027-03-30']);
    expect(months.map((m) => m.key)).toEqual(['2027-03', '2027-04', '2027-07']);
    expect(months[2]).toMatchObject({ year: 2027, month: 7 });
  });

  it('ISO weekdays, names and titles in the locale', () => {
    expect(isoWeekday('2027-03-07')).toBe(7);
    expect(isoWeekday('2027-03-01')).toBe(1);
    expect(weekdayNames(1, 'en-GB')[0]).toEqual({ short: 'Mon', long: 'Monday' });
    expect(weekdayNames(7, 'en-US')[0].long).toBe('Sunday');
    expect(monthTitle(2027, 3, 'en-GB')).toBe('March 2027');
    expect(monthTitle(2027, 3, 'de-DE')).toBe('März 2027');
    expect(firstDayOfWeek('en-GB')).toBe(1);
    expect(firstDayOfWeek('en-US')).toBe(7);
  });
});
