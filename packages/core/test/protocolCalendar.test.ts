import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { scheduleSeries, seriesToIcs, TIMED_EVENT_MINUTES } from '../src/index.js';

const schedule = scheduleSeries({ startDate: '2027-11-30', laxityGrade: 3 });
const clinicName = 'Skin Clinic Zürich, Dr. Müller; Partners \\ Team';
const ics = seriesToIcs({
  seriesId: 'series-42',
  schedule,
  dtstamp: '2026-11-25T21:30:00Z',
  clinicName,
});

function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

describe('calendar: the series as RFC 5545 iCalendar', () => {
  it('parses with ical.js into one all-day event per session and one for the assessment', () => {
    const events = parseEvents(ics);
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.startDate.toString())).toEqual([
      '2027-11-30',
      '2028-01-11',
      '2028-02-22',
      '2028-05-22',
    ]);
    expect(schedule.assessmentDate).toBe('2028-05-22');
    for (const e of events) {
      expect(e.startDate.isDate).toBe(true);
      expect(e.endDate.isDate).toBe(true);
      expect(e.endDate.subtractDate(e.startDate).toSeconds()).toBe(86_400);
    }
    expect(events.map((e) => e.summary)).toEqual([
      `Micro-Coring session 1 of 3 (${clinicName})`,
      `Micro-Coring session 2 of 3 (${clinicName})`,
      `Micro-Coring session 3 of 3 (${clinicName})`,
      `Micro-Coring assessment (${clinicName})`,
    ]);
  });

  it('escapes commas, semicolons and backslashes so they survive a round trip', () => {
    expect(ics).toContain('Zürich\\, Dr. Müller\\; Partners \\\\ Team');
    const [first] = parseEvents(ics);
    expect(first.location).toBe(clinicName);
  });

  it('puts the downtime and the aftercare in the description', () => {
    const [first] = parseEvents(ics);
    const lines = first.description.split('\n');
    expect(lines[0]).toBe('Expected downtime (redness, swelling) until 2027-12-04.');
    expect(lines[1]).toBe('Aftercare from 2027-11-30 to 2027-12-04:');
    expect(lines).toContain('- Do not shave the treated area');
    expect(lines).toContain('- Apply petrolatum to the treated area after cleansing');
  });

  it('folds lines at 75 octets with CRLF, never splitting a UTF-8 character', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = ics.split('\r\n').slice(0, -1);
    const encoder = new TextEncoder();
    for (const line of lines) {
      expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    // A long run of two-byte characters folds on character boundaries and unfolds intact.
    const umlauts = seriesToIcs({
      seriesId: 's',
      schedule,
      dtstamp: '2026-11-25T21:30:00.123Z',
      clinicName: 'ü'.repeat(120),
    });
    for (const line of umlauts.split('\r\n'))
      expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
    expect(parseEvents(umlauts)[0].location).toBe('ü'.repeat(120));
  });

  it('derives stable UIDs from the series id and takes DTSTAMP from the caller', () => {
    const events = parseEvents(ics);
    expect(events.map((e) => e.uid)).toEqual([
      'series-42-session-1@microcore',
      'series-42-session-2@microcore',
      'series-42-session-3@microcore',
      'series-42-assessment@microcore',
    ]);
    const stamp = events[0].component.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(stamp.toString()).toBe('2026-11-25T21:30:00Z');
    // Same input, same bytes: nothing reads the clock.
    expect(
      seriesToIcs({ seriesId: 'series-42', schedule, dtstamp: '2026-11-25T21:30:00Z', clinicName }),
    ).toBe(ics);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//microcore//protocol//EN');
  });

  it('leaves LOCATION out without a clinic name', () => {
    const plain = seriesToIcs({ seriesId: 's1', schedule, dtstamp: '2026-11-25T21:30:00Z' });
    expect(plain).not.toContain('LOCATION');
    expect(parseEvents(plain)[0].summary).toBe('Micro-Coring session 1 of 3');
  });

  it('refuses a bad DTSTAMP or series id, naming the field', () => {
    for (const dtstamp of [
      '2026-11-25',
      '2026-02-30T10:00:00Z',
      '2026-11-25T24:00:00Z',
      '2026-11-25T21:30:00+01:00',
    ]) {
      expect(() => seriesToIcs({ seriesId: 's', schedule, dtstamp })).toThrow(
        expect.objectContaining({ code: 'calendar.invalid-input', field: 'dtstamp' }),
      );
    }
    for (const seriesId of ['', 'a b', 'x@y', 'a\nb']) {
      expect(() => seriesToIcs({ seriesId, schedule, dtstamp: '2026-11-25T21:30:00Z' })).toThrow(
        expect.objectContaining({ field: 'seriesId' }),
      );
    }
  });
});

describe('calendar: booked times of day', () => {
  it('makes an event with a start instant a timed UTC event of TIMED_EVENT_MINUTES; the rest stay all-day', () => {
    const timed = seriesToIcs({
      seriesId: 'series-43',
      schedule,
      dtstamp: '2026-11-25T21:30:00Z',
      starts: { sessions: ['2027-11-30T08:30:00Z', null], assessment: '2028-05-22T13:00:00Z' },
    });
    const events = parseEvents(timed);
    expect(events.map((e) => e.startDate.isDate)).toEqual([false, true, true, false]);
    expect(events[0].startDate.toString()).toBe('2027-11-30T08:30:00Z');
    expect(events[0].endDate.subtractDate(events[0].startDate).toSeconds()).toBe(
      TIMED_EVENT_MINUTES * 60,
    );
    expect(events[3].startDate.toString()).toBe('2028-05-22T13:00:00Z');
    expect(timed).toContain('DTSTART:20271130T083000Z');
  });

  it('refuses a start that is not a UTC instant, naming starts', () => {
    expect(() =>
      seriesToIcs({
        seriesId: 'series-44',
        schedule,
        dtstamp: '2026-11-25T21:30:00Z',
        starts: { assessment: '2028-05-22 13:00' },
      }),
    ).toThrow(expect.objectContaining({ field: 'starts' }));
  });
});
