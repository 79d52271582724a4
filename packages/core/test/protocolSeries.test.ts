import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSessionInterval,
  laxityCategory,
  resolveSeriesSettings,
  SERIES_SETTINGS,
  scheduleSeries,
} from '../src/index.js';

const dayNumber = (iso: string) =>
  Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8)) / 86_400_000;

describe('series: laxity grade → category → sessions', () => {
  it('maps every Alexiades-Armenakas half step as documented', () => {
    const expected: Record<string, string> = {
      0: 'none',
      0.5: 'mild',
      1: 'mild',
      1.5: 'mild',
      2: 'moderate',
      2.5: 'moderate',
      3: 'severe',
      3.5: 'severe',
      4: 'severe',
    };
    for (const [grade, category] of Object.entries(expected)) {
      expect(laxityCategory(Number(grade))).toBe(category);
    }
  });

  it('refuses grades off the scale or between half steps', () => {
    for (const bad of [-0.5, 4.5, 1.25, Number.NaN, '2']) {
      expect(() => laxityCategory(bad as never)).toThrow(
        expect.objectContaining({ code: 'series.invalid-input', field: 'laxityGrade' }),
      );
    }
  });

  it('books 1, 2, 3 sessions for mild, moderate, severe, 6 weeks apart', () => {
    const count = (laxityGrade: number) =>
      scheduleSeries({ startDate: '2027-01-04', laxityGrade }).sessions.length;
    expect([count(1.5), count(2), count(2.5), count(3), count(4)]).toEqual([1, 2, 2, 3, 3]);
    const s = scheduleSeries({ startDate: '2027-01-04', laxityGrade: 3 });
    expect(s.sessions.map((x) => x.date)).toEqual(['2027-01-04', '2027-02-15', '2027-03-29']);
    expect(s.intervalWeeks).toBe(6);
    expect(s.warnings).toEqual([]);
  });

  it('warns that treatment is not indicated at grade 0', () => {
    const s = scheduleSeries({ startDate: '2027-01-04', laxityGrade: 0 });
    expect(s.warnings.map((w) => w.code)).toEqual(['series.laxity-none']);
    expect(s.warnings[0].message).toMatch(/not indicated/);
  });

  it('lets the clinic book another number of sessions, within 1–6, with a warning', () => {
    const s = scheduleSeries({ startDate: '2027-01-04', laxityGrade: 1, sessions: 2 });
    expect(s.sessions).toHaveLength(2);
    expect(s.warnings.map((w) => w.code)).toEqual(['series.sessions-differ-from-recommendation']);
    expect(
      scheduleSeries({ startDate: '2027-01-04', laxityGrade: 1, sessions: 6 }).sessions,
    ).toHaveLength(6);
    for (const bad of [0, 7, 1.5, -1]) {
      expect(() =>
        scheduleSeries({ startDate: '2027-01-04', laxityGrade: 1, sessions: bad }),
      ).toThrow(expect.objectContaining({ field: 'sessions' }));
    }
  });
});

describe('series: the minimum interval of 6 weeks', () => {
  it('refuses 41 days without a reason, saying what to do; allows 42', () => {
    const short = { startDate: '2027-01-04', laxityGrade: 2, intervalWeeks: 41 / 7 };
    expect(() => scheduleSeries(short)).toThrow(
      expect.objectContaining({ code: 'series.interval-below-minimum', field: 'intervalWeeks' }),
    );
    expect(() => scheduleSeries({ ...short, reason: '   ' })).toThrow(/record the reason/);
    expect(scheduleSeries({ ...short, intervalWeeks: 6 }).warnings).toEqual([]);
  });

  it('allows a shorter interval with a reason, and warns', () => {
    const s = scheduleSeries({
      startDate: '2027-01-04',
      laxityGrade: 3,
      intervalWeeks: 30 / 7,
      reason: 'study protocol: 30–45 days',
    });
    expect(s.sessions.map((x) => x.date)).toEqual(['2027-01-04', '2027-02-03', '2027-03-05']);
    expect(s.warnings).toHaveLength(1);
    expect(s.warnings[0].code).toBe('series.interval-below-minimum');
    expect(s.warnings[0].message).toMatch(/30 days.*study protocol/);
  });

  it('refuses intervals that are not a positive whole number of days', () => {
    for (const bad of [0, -6, 1.1, Number.POSITIVE_INFINITY, 53]) {
      expect(() =>
        scheduleSeries({
          startDate: '2027-01-04',
          laxityGrade: 2,
          intervalWeeks: bad,
          reason: 'x',
        }),
      ).toThrow(expect.objectContaining({ code: 'series.invalid-input', field: 'intervalWeeks' }));
    }
  });

  it('follows a clinic setting for the minimum', () => {
    const settings = { minimumIntervalWeeks: 8 };
    expect(() =>
      scheduleSeries({ startDate: '2027-01-04', laxityGrade: 2, intervalWeeks: 7, settings }),
    ).toThrow(/minimum of 8 weeks/);
    expect(
      scheduleSeries({ startDate: '2027-01-04', laxityGrade: 2, settings }).intervalWeeks,
    ).toBe(8);
  });

  it('property: dates strictly increase and keep the minimum apart unless a reason is given', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2020-01-01'), max: dayNumber('2040-12-31') }),
        fc.integer({ min: 0, max: 8 }).map((h) => h / 2),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 364 }),
        fc.boolean(),
        (start, grade, sessions, intervalDays, withReason) => {
          const startDate = new Date(start * 86_400_000).toISOString().slice(0, 10);
          const input = {
            startDate,
            laxityGrade: grade,
            sessions,
            intervalWeeks: intervalDays / 7,
            reason: withReason ? 'clinical reason' : undefined,
          };
          if (intervalDays < 42 && !withReason) {
            expect(() => scheduleSeries(input)).toThrow(/minimum/);
            return;
          }
          const s = scheduleSeries(input);
          expect(s.sessions).toHaveLength(sessions);
          expect(s.sessions[0].date).toBe(startDate);
          for (let i = 1; i < s.sessions.length; i++) {
            const gap = dayNumber(s.sessions[i].date) - dayNumber(s.sessions[i - 1].date);
            expect(gap).toBe(intervalDays);
            if (!withReason) expect(gap).toBeGreaterThanOrEqual(42);
          }
          const last = s.sessions[s.sessions.length - 1];
          const toAssessment = dayNumber(s.assessmentDate) - dayNumber(last.date);
          expect(toAssessment).toBeGreaterThanOrEqual(89);
          expect(toAssessment).toBeLessThanOrEqual(92);
          expect(dayNumber(last.downtimeUntil) - dayNumber(last.date)).toBe(4);
        },
      ),
      { seed: 20261125, numRuns: 300 },
    );
  });
});

describe('series: assessment, downtime and aftercare', () => {
  it('assesses 3 calendar months after the last session, clamped to the month end', () => {
    const assess = (startDate: string) =>
      scheduleSeries({ startDate, laxityGrade: 1 }).assessmentDate;
    expect(assess('2027-01-04')).toBe('2027-04-04');
    expect(assess('2026-11-30')).toBe('2027-02-28');
    expect(assess('2027-11-30')).toBe('2028-02-29');
    expect(assess('2027-05-31')).toBe('2027-08-31');
    expect(assess('2027-03-31')).toBe('2027-06-30');
    expect(assess('2027-10-15')).toBe('2028-01-15');
  });

  it('gives each session its downtime window and dated aftercare', () => {
    const s = scheduleSeries({ startDate: '2027-12-30', laxityGrade: 2 });
    const [first, second] = s.sessions;
    expect(first).toMatchObject({ number: 1, date: '2027-12-30', downtimeUntil: '2028-01-03' });
    expect(second).toMatchObject({ number: 2, date: '2028-02-10', downtimeUntil: '2028-02-14' });
    expect(first.aftercare.map((a) => a.code)).toEqual([
      'no-shaving',
      'no-makeup',
      'no-pools',
      'no-overheating',
      'cleanse-twice-daily',
      'petrolatum',
    ]);
    for (const a of first.aftercare) {
      expect(a).toMatchObject({ fromDate: '2027-12-30', untilDate: '2028-01-03' });
      expect(a.source).toMatch(/docs\/domain\.md §5/);
    }
    const shorter = scheduleSeries({
      startDate: '2027-12-30',
      laxityGrade: 1,
      settings: { downtimeDays: 3 },
    });
    expect(shorter.sessions[0].downtimeUntil).toBe('2028-01-02');
  });

  it('keeps every setting as data with a unit and a source', () => {
    for (const setting of Object.values(SERIES_SETTINGS)) {
      expect(setting.unit.length).toBeGreaterThan(0);
      expect(setting.source.length).toBeGreaterThan(5);
      expect(setting.reason.length).toBeGreaterThan(5);
    }
    expect(SERIES_SETTINGS.downtimeDays.value).toBe(4);
    expect(SERIES_SETTINGS.minimumIntervalWeeks.value).toBe(6);
  });

  it('refuses bad dates and bad settings, naming the field', () => {
    expect(() => scheduleSeries({ startDate: '2027-02-29', laxityGrade: 1 })).toThrow(
      expect.objectContaining({ code: 'date.invalid', field: 'startDate' }),
    );
    expect(() => scheduleSeries({ startDate: '2027-1-4', laxityGrade: 1 })).toThrow(
      expect.objectContaining({ field: 'startDate' }),
    );
    expect(() => resolveSeriesSettings({ downtimeDays: 10 })).toThrow(
      expect.objectContaining({ field: 'settings.downtimeDays' }),
    );
    expect(() => resolveSeriesSettings({ minimumIntervalWeeks: 0 })).toThrow(
      expect.objectContaining({ field: 'settings.minimumIntervalWeeks' }),
    );
    expect(() =>
      resolveSeriesSettings({ sessionsByLaxity: { mild: 1, moderate: 2, severe: 7 } }),
    ).toThrow(expect.objectContaining({ field: 'settings.sessionsByLaxity.severe' }));
    expect(() =>
      resolveSeriesSettings({ laxityBands: { mildMaxGrade: 3, moderateMaxGrade: 2 } }),
    ).toThrow(expect.objectContaining({ field: 'settings.laxityBands' }));
    expect(() => resolveSeriesSettings({ aftercare: 'none' as never })).toThrow(
      expect.objectContaining({ field: 'settings.aftercare' }),
    );
  });
});

describe('checkSessionInterval: recording an actual session', () => {
  it('refuses 41 days without a reason and accepts 42', () => {
    expect(() => checkSessionInterval('2027-01-04', '2027-02-14', null)).toThrow(
      expect.objectContaining({ code: 'series.interval-below-minimum', field: 'date' }),
    );
    expect(checkSessionInterval('2027-01-04', '2027-02-15', null)).toEqual([]);
  });

  it('warns when sooner with a reason', () => {
    const w = checkSessionInterval('2027-01-04', '2027-01-25', 'patient moves abroad');
    expect(w).toHaveLength(1);
    expect(w[0].code).toBe('series.interval-below-minimum');
    expect(w[0].message).toMatch(/21 days.*patient moves abroad/);
  });

  it('refuses a session on or before the previous one, and bad dates', () => {
    expect(() => checkSessionInterval('2027-01-04', '2027-01-04', 'x')).toThrow(
      expect.objectContaining({ code: 'series.invalid-input', field: 'date' }),
    );
    expect(() => checkSessionInterval('2027-01-04', '2026-12-01', 'x')).toThrow(/not after/);
    expect(() => checkSessionInterval('2027-13-01', '2027-03-01')).toThrow(
      expect.objectContaining({ field: 'previousSessionDate' }),
    );
    expect(() => checkSessionInterval('2027-01-01', '2027-03-32')).toThrow(
      expect.objectContaining({ field: 'date' }),
    );
  });

  it('follows a clinic setting', () => {
    expect(() =>
      checkSessionInterval('2027-01-04', '2027-02-15', undefined, { minimumIntervalWeeks: 8 }),
    ).toThrow(/minimum of 8 weeks/);
  });
});
