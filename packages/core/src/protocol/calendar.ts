import { MicrocoreError } from '../errors.js';
import { addDays } from './dates.js';
import type { ScheduledSession, SeriesSchedule } from './series.js';

/**
 * A treatment series as an RFC 5545 iCalendar file, written by hand: all-day events need only a
 * few properties, and the `ics` package reads the clock for DTSTAMP and makes random UIDs unless
 * told otherwise, and brings seven packages (yup, nanoid, …) for what is ~100 lines here.
 */

export interface SeriesCalendarInput {
  /** The series id: every UID derives from it, so re-exporting updates the same events. */
  readonly seriesId: string;
  readonly schedule: SeriesSchedule;
  /** When the file is made, an instant `YYYY-MM-DDTHH:MM:SS(.sss)Z`; the core has no clock. */
  readonly dtstamp: string;
  /** Shown as LOCATION and in the summaries, e.g. `Skin Clinic, Smith; Partners`. */
  readonly clinicName?: string;
  /**
   * Booked times of day, as UTC instants (`YYYY-MM-DDTHH:MM:SSZ`): an event with one is timed,
   * the others stay all-day. The caller turns the clinic's local time into the instant: the core
   * has no time zone data.
   */
  readonly starts?: {
    /** By session, in order; null or missing: all day. */
    readonly sessions?: readonly (string | null)[];
    readonly assessment?: string | null;
  };
}

/**
 * How long a timed event is in the file. The series does not know the clinic's appointment
 * length; an hour blocks the diary without claiming more than a session takes.
 */
export const TIMED_EVENT_MINUTES = 60;

const DTSTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;
const CRLF = '\r\n';

export function seriesToIcs(input: SeriesCalendarInput): string {
  const stamp = formatStamp(input.dtstamp);
  if (typeof input.seriesId !== 'string' || !/^[A-Za-z0-9._-]{1,200}$/.test(input.seriesId)) {
    invalid('seriesId', 'series id must be 1–200 letters, digits, ".", "_" or "-"');
  }
  const clinic = input.clinicName?.trim() || null;
  const at = clinic ? ` (${clinic})` : '';
  const total = input.schedule.sessions.length;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//microcore//protocol//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
  ];
  for (const session of input.schedule.sessions) {
    lines.push(
      ...event({
        uid: `${input.seriesId}-session-${session.number}@microcore`,
        stamp,
        date: session.date,
        start: input.starts?.sessions?.[session.number - 1] ?? null,
        summary: `Micro-Coring session ${session.number} of ${total}${at}`,
        description: sessionDescription(session),
        location: clinic,
      }),
    );
  }
  lines.push(
    ...event({
      uid: `${input.seriesId}-assessment@microcore`,
      stamp,
      date: input.schedule.assessmentDate,
      start: input.starts?.assessment ?? null,
      summary: `Micro-Coring assessment${at}`,
      description:
        'Assessment of the result (photos, Lemperle, GAIS, satisfaction). The result is a model estimate until assessed.',
      location: clinic,
    }),
  );
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

interface EventFields {
  readonly uid: string;
  readonly stamp: string;
  readonly date: string;
  /** A UTC instant: a timed event; null: all day. */
  readonly start: string | null;
  readonly summary: string;
  readonly description: string;
  readonly location: string | null;
}

/**
 * An all-day event (DTEND the next day, exclusive: RFC 5545 §3.6.1), or a timed one starting at
 * a UTC instant (form 2 of §3.3.5, which needs no VTIMEZONE) and lasting TIMED_EVENT_MINUTES.
 */
function event(e: EventFields): string[] {
  const when =
    e.start === null
      ? [
          `DTSTART;VALUE=DATE:${compactDate(e.date)}`,
          `DTEND;VALUE=DATE:${compactDate(addDays(e.date, 1))}`,
        ]
      : [`DTSTART:${formatStamp(e.start, 'starts')}`, `DURATION:PT${TIMED_EVENT_MINUTES}M`];
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${e.stamp}`,
    ...when,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    `DESCRIPTION:${escapeText(e.description)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

function sessionDescription(session: ScheduledSession): string {
  const from = session.date;
  const until = session.downtimeUntil;
  return [
    `Expected downtime (redness, swelling) until ${until}.`,
    `Aftercare from ${from} to ${until}:`,
    ...session.aftercare.map((a) => `- ${a.instruction}`),
  ].join('\n');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newline. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Fold a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space,
 * and a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // The first line holds 75 octets; continuation lines 74 after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function compactDate(date: string): string {
  return date.replaceAll('-', '');
}

function formatStamp(dtstamp: string, field = 'dtstamp'): string {
  const m = typeof dtstamp === 'string' ? DTSTAMP.exec(dtstamp) : null;
  // The round trip refuses 2026-02-30 or 24:00, which Date.parse would roll over.
  if (!m || !new Date(Date.parse(dtstamp) || 0).toISOString().startsWith(dtstamp.slice(0, 19))) {
    invalid(
      field,
      `${field} ${JSON.stringify(dtstamp)} must be a UTC instant like 2026-11-25T21:30:00Z`,
    );
  }
  return `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}Z`;
}

function invalid(field: string, message: string): never {
  throw new MicrocoreError('calendar.invalid-input', message, field);
}
