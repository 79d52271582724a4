import { describe, expect, it } from 'vitest';
import type {
  AdverseEvent,
  Assessment,
  Consent,
  Photo,
  PlanSummary,
  Screening,
  Series,
  TreatmentSession,
} from '../src/api/types';
import type { FollowUp } from '../src/journey/types';
import {
  bookedNotRecorded,
  buildTimeline,
  correctableKindOf,
  dayOfInstant,
  daysBetween,
  standingOf,
  type TimelineEntry,
} from '../src/timeline/timeline';

/** Records with only what the timeline reads; the rest of each record does not matter here. */
const consent = (id: string, date: string, more: Partial<Consent> = {}) =>
  ({
    id,
    date,
    scope: 'treatment',
    status: 'active',
    withdrawnDate: null,
    createdAt: `${date}T09:00:00Z`,
    updatedAt: `${date}T09:00:00Z`,
    ...more,
  }) as Consent;
const screening = (id: string, date: string, createdAt = `${date}T10:00:00Z`) =>
  ({ id, date, createdAt, decision: 'eligible', reasons: [] }) as unknown as Screening;
const plan = (id: string, createdAt: string) =>
  ({
    id,
    createdAt,
    zones: ['cheek-left'],
    totals: { cores: 10 },
    needle: '19G',
  }) as unknown as PlanSummary;
const session = (
  id: string,
  date: string,
  seriesId: string | null = null,
  createdAt = `${date}T12:00:00Z`,
) =>
  ({
    id,
    date,
    seriesId,
    createdAt,
    zones: [],
    operator: 'Dr A',
    needleGauge: '19G',
  }) as unknown as TreatmentSession;
const assessment = (id: string, date: string) =>
  ({
    id,
    date,
    createdAt: `${date}T13:00:00Z`,
    lemperleByZone: {},
    gaisInvestigator: null,
  }) as unknown as Assessment;
const event = (id: string, onsetDate: string, resolutionDate: string | null = null) =>
  ({
    id,
    onsetDate,
    resolutionDate,
    type: 'erythema',
    severity: 'mild',
    relatedness: 'probable',
    createdAt: `${onsetDate}T14:00:00Z`,
    updatedAt: `${resolutionDate ?? onsetDate}T15:00:00Z`,
  }) as unknown as AdverseEvent;
const photo = (id: string, takenDate: string) =>
  ({ id, takenDate, createdAt: `${takenDate}T11:00:00Z`, zoneId: null }) as unknown as Photo;
const series = (id: string, sessionDates: string[], assessmentDate: string, createdAt: string) =>
  ({
    id,
    createdAt,
    startDate: sessionDates[0],
    assessmentDate,
    intervalWeeks: 6,
    sessions: sessionDates.map((date, i) => ({ number: i + 1, date })),
  }) as unknown as Series;

const followUp = (
  id: string,
  date: string,
  status: 'due' | 'recorded' = 'due',
  time: string | null = null,
) =>
  ({
    id,
    date,
    time,
    status,
    assessmentId: status === 'recorded' ? `a-${id}` : null,
    notes: null,
    createdAt: '2026-10-01T09:00:00Z',
  }) as unknown as FollowUp;

const keys = (entries: readonly TimelineEntry[]) => entries.map((e) => e.key);

describe('the patient timeline', () => {
  it('puts every kind of record in date order, whatever order the lists came in', () => {
    const { entries } = buildTimeline(
      {
        adverseEvents: [event('e1', '2026-03-05', '2026-03-20')],
        photos: [photo('p1', '2026-03-01')],
        sessions: [session('s1', '2026-03-02')],
        consents: [consent('c1', '2026-02-01')],
        screenings: [screening('sc1', '2026-02-10')],
        assessments: [assessment('a1', '2026-06-01')],
      },
      '2026-12-05',
      'UTC',
    );
    expect(keys(entries)).toEqual([
      'consent:c1',
      'screening:sc1',
      'photo:p1',
      'session:s1',
      'adverse-event:e1',
      'adverse-event-resolved:e1',
      'assessment:a1',
    ]);
  });

  it('on the same day follows the clinic’s flow: consent, screening, plan, photo, session, follow-up, event', () => {
    const day = '2026-03-02';
    const { entries } = buildTimeline(
      {
        adverseEvents: [event('e', day)],
        assessments: [assessment('a', day)],
        sessions: [session('s', day)],
        photos: [photo('p', day)],
        plans: [plan('pl', `${day}T08:00:00Z`)],
        screenings: [screening('sc', day)],
        consents: [consent('c', day, { createdAt: `${day}T16:00:00Z` })],
      },
      '2026-12-05',
      'UTC',
    );
    expect(entries.map((e) => e.kind)).toEqual([
      'consent',
      'screening',
      'plan',
      'photo',
      'session',
      'assessment',
      'adverse-event',
    ]);
  });

  it('breaks a tie of the same kind and day by the time recorded, then by id', () => {
    const day = '2026-04-01';
    const late = screening('a-late', day, `${day}T15:00:00Z`);
    const early = screening('z-early', day, `${day}T08:00:00Z`);
    const sameTimeB = screening('b', day, `${day}T12:00:00Z`);
    const sameTimeA = screening('a', day, `${day}T12:00:00Z`);
    const one = buildTimeline({ screenings: [late, sameTimeB, early, sameTimeA] }, day, 'UTC');
    const other = buildTimeline({ screenings: [sameTimeA, early, late, sameTimeB] }, day, 'UTC');
    const expected = ['screening:z-early', 'screening:a', 'screening:b', 'screening:a-late'];
    expect(keys(one.entries)).toEqual(expected);
    expect(keys(other.entries)).toEqual(expected);
  });

  it('puts a record without a readable day last, by the time it was recorded', () => {
    const { entries } = buildTimeline(
      {
        photos: [{ ...photo('p', 'not a date'), createdAt: '2026-01-02T11:00:00Z' }],
        screenings: [screening('sc', '2026-01-01'), screening('bad', '', 'not a time')],
        consents: [consent('c', '2025-12-31')],
      },
      '2026-12-05',
      'UTC',
    );
    expect(keys(entries)).toEqual(['consent:c', 'screening:sc', 'photo:p', 'screening:bad']);
    expect(entries.at(-1)?.date).toBeNull();
  });

  it('places a plan on the clinic’s day it was saved, in the clinic’s time zone', () => {
    // 23:30 UTC on 1 March is already 2 March in Auckland and still 1 March in New York.
    const saved = plan('pl', '2026-03-01T23:30:00Z');
    expect(
      buildTimeline({ plans: [saved] }, '2026-12-05', 'Pacific/Auckland').entries[0]?.date,
    ).toBe('2026-03-02');
    expect(
      buildTimeline({ plans: [saved] }, '2026-12-05', 'America/New_York').entries[0]?.date,
    ).toBe('2026-03-01');
    expect(dayOfInstant('garbage', 'UTC')).toBeNull();
  });

  it('shows a withdrawal and a resolution as entries of their own on their days', () => {
    const { entries } = buildTimeline(
      {
        consents: [
          consent('c', '2026-01-10', { status: 'withdrawn', withdrawnDate: '2026-05-01' }),
        ],
        adverseEvents: [event('e', '2026-02-01', '2026-02-09')],
      },
      '2026-12-05',
      'UTC',
    );
    expect(entries.map((e) => [e.kind, e.date])).toEqual([
      ['consent', '2026-01-10'],
      ['adverse-event', '2026-02-01'],
      ['adverse-event-resolved', '2026-02-09'],
      ['consent-withdrawn', '2026-05-01'],
    ]);
  });
});

describe('the next due date', () => {
  const booked = series(
    'S',
    ['2026-11-01', '2026-12-13', '2027-01-24'],
    '2027-04-24',
    '2026-10-20T09:00:00Z',
  );

  it('is the first booked session not yet recorded, on or after today', () => {
    const today = '2026-12-05';
    const { nextDue, entries } = buildTimeline(
      { series: [booked], sessions: [session('s1', '2026-11-01', 'S')] },
      today,
      'UTC',
    );
    expect(nextDue).toMatchObject({ date: '2026-12-13', kind: 'booked-session' });
    expect(nextDue?.booked.number).toBe(2);
    // Session 1 was recorded: it is the session's entry, not a booking any more.
    expect(entries.filter((e) => e.kind === 'booked-session').map((e) => e.date)).toEqual([
      '2026-12-13',
      '2027-01-24',
    ]);
    expect(daysBetween(today, nextDue?.date ?? today)).toBe(8);
  });

  it('counts today as due, and a booked day already past and unrecorded as overdue, not next', () => {
    const missed = bookedNotRecorded([booked], [], [], '2026-12-13');
    expect(missed.map((b) => [b.number, b.status])).toEqual([
      [1, 'overdue'],
      [2, 'due'],
      [3, 'due'],
      [null, 'due'],
    ]);
    expect(buildTimeline({ series: [booked] }, '2026-12-13', 'UTC').nextDue?.date).toBe(
      '2026-12-13',
    );
  });

  it('takes a session recorded a few days off its booked day as that booking', () => {
    const { nextDue } = buildTimeline(
      {
        series: [booked],
        sessions: [session('s1', '2026-11-04', 'S'), session('s2', '2026-12-15', 'S')],
      },
      '2026-12-14',
      'UTC',
    );
    expect(nextDue).toMatchObject({ date: '2027-01-24', kind: 'booked-session' });
  });

  it('is the assessment once every session is recorded, until a follow-up is recorded on or after its day', () => {
    const sessions = [
      session('s1', '2026-11-01', 'S'),
      session('s2', '2026-12-13', 'S'),
      session('s3', '2027-01-24', 'S'),
    ];
    const today = '2027-02-01';
    expect(buildTimeline({ series: [booked], sessions }, today, 'UTC').nextDue).toMatchObject({
      date: '2027-04-24',
      kind: 'booked-assessment',
    });
    // A one-month follow-up does not stand for the three-month assessment.
    const early = [assessment('a1', '2027-02-24')];
    expect(
      buildTimeline({ series: [booked], sessions, assessments: early }, today, 'UTC').nextDue?.date,
    ).toBe('2027-04-24');
    const done = [assessment('a2', '2027-04-24')];
    expect(
      buildTimeline({ series: [booked], sessions, assessments: done }, '2027-04-24', 'UTC').nextDue,
    ).toBeNull();
  });

  it('is the earliest over several series, and none when nothing is booked ahead', () => {
    const second = series('T', ['2026-12-10'], '2027-03-10', '2026-11-30T09:00:00Z');
    const { nextDue } = buildTimeline(
      { series: [booked, second], sessions: [session('s1', '2026-11-01', 'S')] },
      '2026-12-05',
      'UTC',
    );
    expect(nextDue).toMatchObject({ date: '2026-12-10' });
    expect(nextDue?.booked.seriesId).toBe('T');
    expect(buildTimeline({}, '2026-12-05').nextDue).toBeNull();
  });
});

describe('planned follow-ups on the timeline', () => {
  it('a due booking is an entry on its day and can be next due; a recorded one is its assessment', () => {
    const { entries, nextDue } = buildTimeline(
      {
        followUps: [
          followUp('F1', '2026-12-01', 'recorded'),
          followUp('F2', '2026-12-20', 'due', '10:30'),
          followUp('F3', '2026-11-20', 'due'),
        ],
        assessments: [assessment('a-F1', '2026-12-01')],
      },
      '2026-12-05',
      'UTC',
    );
    expect(entries.map((e) => [e.kind, e.date])).toEqual([
      ['booked-follow-up', '2026-11-20'],
      ['assessment', '2026-12-01'],
      ['booked-follow-up', '2026-12-20'],
    ]);
    const [missed, , ahead] = entries;
    expect(missed?.record).toMatchObject({ status: 'overdue', followUpId: 'F3' });
    expect(ahead?.record).toMatchObject({ status: 'due', time: '10:30' });
    expect(nextDue).toMatchObject({ date: '2026-12-20', kind: 'booked-follow-up' });
    expect(nextDue?.booked.followUpId).toBe('F2');
  });

  it('is next due before a later booked session of a series', () => {
    const booked = series('S', ['2027-01-10'], '2027-04-10', '2026-10-20T09:00:00Z');
    const { nextDue } = buildTimeline(
      { series: [booked], followUps: [followUp('F', '2026-12-24')] },
      '2026-12-05',
      'UTC',
    );
    expect(nextDue).toMatchObject({ date: '2026-12-24', kind: 'booked-follow-up' });
  });
});

describe('struck-out and corrected records on the timeline', () => {
  const struck = { recordStatus: 'entered-in-error', version: 2 } as const;
  const booked = series('S', ['2026-11-01', '2026-12-13'], '2027-03-13', '2026-10-20T09:00:00Z');

  it('keeps a struck-out record in its place, marked, and a corrected one marked as corrected', () => {
    const { entries } = buildTimeline(
      {
        sessions: [
          { ...session('s1', '2026-11-01', 'S'), ...struck },
          { ...session('s2', '2026-11-03'), version: 3, recordStatus: 'current' },
        ],
        photos: [{ ...photo('p', '2026-11-02'), version: 1, recordStatus: 'current' }],
      },
      '2026-11-05',
      'UTC',
    );
    expect(entries.map((e) => [e.key, e.standing])).toEqual([
      ['session:s1', 'struck-out'],
      ['photo:p', 'as-recorded'],
      ['session:s2', 'corrected'],
    ]);
  });

  it('does not count a struck-out session as recording its booking, nor for next due', () => {
    const today = '2026-11-05';
    const sessions = [{ ...session('s1', '2026-11-01', 'S'), ...struck }];
    const { entries, nextDue } = buildTimeline({ series: [booked], sessions }, today, 'UTC');
    // Session 1 is booked and not recorded (overdue), so it stays on the timeline as a booking.
    expect(entries.filter((e) => e.kind === 'booked-session').map((e) => e.date)).toEqual([
      '2026-11-01',
      '2026-12-13',
    ]);
    expect(nextDue).toMatchObject({ date: '2026-12-13', kind: 'booked-session' });
    // The same session standing records the booking.
    const standing = [{ ...session('s1', '2026-11-01', 'S'), version: 1 }];
    expect(
      buildTimeline({ series: [booked], sessions: standing }, today, 'UTC')
        .entries.filter((e) => e.kind === 'booked-session')
        .map((e) => e.date),
    ).toEqual(['2026-12-13']);
  });

  it('does not take a struck-out follow-up for the series’ assessment', () => {
    const sessions = [session('s1', '2026-11-01', 'S'), session('s2', '2026-12-13', 'S')];
    const followUp = assessment('a', '2027-03-13');
    const today = '2027-03-13';
    expect(
      buildTimeline({ series: [booked], sessions, assessments: [followUp] }, today, 'UTC').nextDue,
    ).toBeNull();
    expect(
      buildTimeline(
        { series: [booked], sessions, assessments: [{ ...followUp, ...struck }] },
        today,
        'UTC',
      ).nextDue,
    ).toMatchObject({ date: '2027-03-13', kind: 'booked-assessment' });
  });

  it('tells a correction from a consent’s withdrawal and leaves an adverse event to its history', () => {
    const withdrawn = consent('c', '2026-01-10', {
      status: 'withdrawn',
      withdrawnDate: '2026-05-01',
      version: 2,
    });
    expect(standingOf('consent', withdrawn)).toBe('as-recorded');
    expect(standingOf('consent', { ...withdrawn, version: 3 })).toBe('corrected');
    expect(standingOf('consent', { ...consent('d', '2026-01-10'), version: 2 })).toBe('corrected');
    const resolved = { ...event('e', '2026-02-01', '2026-02-09'), version: 2 };
    expect(standingOf('adverse-event', resolved)).toBe('as-recorded');
    // Resolved, reopened and resolved again, or corrected once: only the history can tell.
    expect(standingOf('adverse-event', { ...resolved, version: 4 })).toBe('perhaps-corrected');
    expect(standingOf('adverse-event', { ...event('f', '2026-02-01'), version: 2 })).toBe(
      'perhaps-corrected',
    );
    expect(standingOf('adverse-event-resolved', { ...resolved, ...struck })).toBe('struck-out');
    expect(standingOf('photo', { version: 2, recordStatus: 'current' })).toBe('corrected');
  });

  it('names the corrections’ kind of every entry that has one', () => {
    expect(correctableKindOf('consent-withdrawn')).toBe('consents');
    expect(correctableKindOf('adverse-event-resolved')).toBe('adverse-events');
    expect(correctableKindOf('assessment')).toBe('assessments');
    expect(correctableKindOf('booked-session')).toBeNull();
    expect(correctableKindOf('plan')).toBeNull();
  });
});
