import { describe, expect, it } from 'vitest';
import { dayAfterPageKey } from '../src/prediction/dayKeys.js';
import { downtimeWindows, phaseOnDay } from '../src/prediction/healingCourse.js';

describe('healing course by day', () => {
  const timing = { sessionDays: [0, 42], closedWithinHours: 1.5, downtimeDays: 3.5 };

  it('goes from open wounds to closure to remodelling after each session', () => {
    expect(phaseOnDay(0, timing)).toEqual({
      phase: 'open-wounds',
      session: 1,
      daysSinceSession: 0,
    });
    expect(phaseOnDay(1, timing).phase).toBe('closure');
    expect(phaseOnDay(3, timing).phase).toBe('closure');
    expect(phaseOnDay(4, timing).phase).toBe('remodelling');
    expect(phaseOnDay(41, timing)).toMatchObject({ phase: 'remodelling', session: 1 });
    expect(phaseOnDay(42, timing)).toEqual({
      phase: 'open-wounds',
      session: 2,
      daysSinceSession: 0,
    });
    expect(phaseOnDay(44, timing)).toMatchObject({
      phase: 'closure',
      session: 2,
      daysSinceSession: 2,
    });
    expect(phaseOnDay(180, timing)).toMatchObject({ phase: 'remodelling', daysSinceSession: 138 });
    // Within the hours the wounds take to close, part of a day is still open wounds.
    expect(phaseOnDay(1 / 24, timing).phase).toBe('open-wounds');
    expect(phaseOnDay(2 / 24, timing).phase).toBe('closure');
  });

  it('gives each session its downtime window with the range it may end in', () => {
    expect(downtimeWindows([0, 42], 3.5, { low: 2, high: 7 })).toEqual([
      { session: 1, startDay: 0, endDay: 3.5, endLowDay: 2, endHighDay: 7 },
      { session: 2, startDay: 42, endDay: 45.5, endLowDay: 44, endHighDay: 49 },
    ]);
  });
});

describe('the day slider’s page keys', () => {
  it('moves ten days with Page Up and Page Down, within 0 and the last day', () => {
    expect(dayAfterPageKey(90, 'PageUp', 180)).toBe(100);
    expect(dayAfterPageKey(175, 'PageUp', 180)).toBe(180);
    expect(dayAfterPageKey(4, 'PageDown', 180)).toBe(0);
    expect(dayAfterPageKey(90, 'ArrowUp', 180)).toBeNull();
  });
});
