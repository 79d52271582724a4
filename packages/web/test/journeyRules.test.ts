import { GAIS_SCALE, LEMPERLE_SCALE, SATISFACTION_SCALE } from '@microcore/core';
import { describe, expect, it } from 'vitest';
import { gradeOrNull, scaleChoices } from '../src/followUp/scaleChoices';
import {
  daysBetween,
  intervalRuleText,
  MINIMUM_INTERVAL_DAYS,
  seriesIntervalVerdict,
  sessionIntervalVerdict,
} from '../src/journey/intervalRule';
import { recommendedSessions, sessionTimesBody } from '../src/series/seriesDefaults';
import { anaesthesiaLabel } from '../src/session/anaesthesia';
import { plannedZones } from '../src/session/planZones';

describe('the interval rule, said before saving', () => {
  it('is the core’s six-week minimum, in days', () => {
    expect(MINIMUM_INTERVAL_DAYS).toBe(42);
    expect(intervalRuleText('en-GB')).toBe(
      'At least 6 weeks (42 days) between sessions; a shorter interval needs a recorded reason.',
    );
  });

  it('a series interval below 42 days needs a reason; 42 does not', () => {
    expect(seriesIntervalVerdict(30, 'en-GB')).toMatchObject({ needsReason: true });
    expect(seriesIntervalVerdict(30, 'en-GB').text).toContain('below the minimum of 42 days');
    expect(seriesIntervalVerdict(42, 'en-GB')).toMatchObject({ needsReason: false });
  });

  it('a session is checked against the nearest recorded session before and after it', () => {
    const recorded = ['2027-01-04', '2027-03-01'];
    // 20 days after the first, 36 before the second: the nearer one decides.
    const between = sessionIntervalVerdict('2027-01-24', recorded, 'en-GB');
    expect(between).toMatchObject({ days: 20, needsReason: true });
    expect(between?.text).toBe(
      '20 days after the session of 4 Jan 2027: below the minimum, so a reason is required.',
    );
    expect(sessionIntervalVerdict('2027-04-12', recorded, 'en-GB')).toMatchObject({
      days: 42,
      needsReason: false,
    });
    // Backdated before the second session: 14 days before it.
    expect(sessionIntervalVerdict('2027-02-15', recorded, 'en-GB')?.text).toMatch(
      /^14 days before the session of 1 Mar 2027/,
    );
    expect(sessionIntervalVerdict('2027-03-01', recorded, 'en-GB')?.text).toMatch(
      /already recorded/,
    );
    expect(sessionIntervalVerdict('2027-03-01', [], 'en-GB')).toBeUndefined();
    expect(sessionIntervalVerdict('', recorded)).toBeUndefined();
  });

  it('counts calendar days, across a month and a leap day', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2027-03-01', '2027-01-04')).toBe(-56);
  });
});

describe('series defaults', () => {
  it('recommends sessions by laxity as the core does: mild 1, moderate 2, severe 3', () => {
    expect(recommendedSessions(1)).toEqual({ sessions: 1, category: 'mild' });
    expect(recommendedSessions(2.5)).toEqual({ sessions: 2, category: 'moderate' });
    expect(recommendedSessions(3.5)).toEqual({ sessions: 3, category: 'severe' });
    expect(recommendedSessions(0)).toEqual({ sessions: 1, category: 'no' });
  });

  it('sends no session times when none is given, else one per session', () => {
    expect(sessionTimesBody(['', ''], 2)).toBeUndefined();
    expect(sessionTimesBody(['09:30'], 3)).toEqual(['09:30', null, null]);
    // Times of sessions no longer booked (the count went down) are not sent.
    expect(sessionTimesBody(['', '', '10:00'], 2)).toBeUndefined();
  });
});

describe('pickers', () => {
  it('offers each grade with its description; satisfaction’s unnamed middle grades by number', () => {
    expect(scaleChoices(LEMPERLE_SCALE, 'Not graded').map((c) => c.label)).toEqual([
      'Not graded',
      '0: no wrinkle',
      '1: just perceptible wrinkle',
      '2: shallow wrinkle',
      '3: moderately deep wrinkle',
      '4: deep wrinkle',
      '5: very deep wrinkle',
    ]);
    expect(scaleChoices(GAIS_SCALE)[4]).toEqual({ value: '4', label: '4: no change' });
    expect(scaleChoices(SATISFACTION_SCALE).map((c) => c.label)).toEqual([
      'Not scored',
      '1: very dissatisfied',
      '2',
      '3',
      '4',
      '5: extremely satisfied',
    ]);
    expect(gradeOrNull('')).toBeNull();
    expect(gradeOrNull('0')).toBe(0);
  });

  it('names each anaesthesia the API allows', () => {
    expect(anaesthesiaLabel('local-infiltration')).toBe('Local infiltration');
    expect(anaesthesiaLabel('none')).toBe('None');
  });

  it('reads a stored plan’s zones, cores planned when the plan says', () => {
    expect(
      plannedZones({
        zones: [{ id: 'forehead', label: 'Forehead', coreCount: 812 }, { id: 'chin' }, 'junk'],
      }),
    ).toEqual([
      { id: 'forehead', label: 'Forehead', coresPlanned: 812 },
      { id: 'chin', label: 'chin', coresPlanned: undefined },
    ]);
    expect(plannedZones({})).toEqual([]);
  });
});
