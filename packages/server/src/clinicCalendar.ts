import { addDays, TIMED_EVENT_MINUTES } from '@microcore/core';

/**
 * What "today" means for a clinic: the calendar day at this instant in the clinic's time zone
 * (an IANA name such as `Europe/Paris`, the clinic's `time_zone` setting, default `UTC`). Every
 * record date the API checks ("not after today", a default of today) is this day, taken from the
 * server's one clock (`RouteContext.clock`), so a clinic in Sydney may record a session on its
 * Tuesday while the server's UTC day is still Monday.
 */

/** The time zone a clinic has until an admin sets one (migration 015). */
export const DEFAULT_TIME_ZONE = 'UTC';

const formats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of `now` in `timeZone` (built from the parts: no locale's format is relied on). */
export function dayIn(timeZone: string, now: Date): string {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The IANA name a clinic may be set to, in its canonical spelling, or undefined: one of the zones
 * this runtime lists (`Intl.supportedValuesOf`), or UTC. Offsets (`+05:30`) and aliases a later
 * runtime might drop are not accepted, so a stored zone stays one every server process knows.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name === 'UTC') return 'UTC';
  if (name.length === 0 || name.length > 64) return undefined;
  return zones().has(name) ? name : undefined;
}

let known: Set<string> | undefined;
function zones(): Set<string> {
  known ??= new Set(Intl.supportedValuesOf('timeZone'));
  return known;
}

/**
 * The clinic's day, and the zone it was taken in: a stored zone this runtime does not know (set
 * by hand, or by a server with other time zone data) falls back to UTC rather than failing every
 * request of the clinic — including the one that would set it right.
 */
export function clinicDay(timeZone: string, now: Date): { today: string; timeZone: string } {
  try {
    return { today: dayIn(timeZone, now), timeZone };
  } catch {
    return { today: dayIn(DEFAULT_TIME_ZONE, now), timeZone: DEFAULT_TIME_ZONE };
  }
}

const HALF_DAY_MS = 12 * 3_600_000;
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `at` in `timeZone`, as milliseconds of a UTC date with that reading. */
function wallClockMs(timeZone: string, at: number): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    clockFormats.set(timeZone, format);
  }
  const part = (type: string) =>
    Number(format.formatToParts(at).find((p) => p.type === type)?.value);
  return Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
}

/**
 * The instant at which the clinic's clock shows `date` (YYYY-MM-DD) at `time` (HH:MM). A time
 * the clock shows twice (summer time ending) is its first showing; a time it skips (summer time
 * starting) is taken as the same span after the jump (02:30 on a 02:00→03:00 night is 03:30).
 */
export function instantAt(timeZone: string, date: string, time: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  // The zone's offsets half a day either side: those before and after a change near the time
  // (zones change their offset at most once a day).
  const offset = (at: number) => wallClockMs(timeZone, at) - at;
  const first = wall - offset(wall - HALF_DAY_MS);
  const second = wall - offset(wall + HALF_DAY_MS);
  const candidates = [first, second].sort((a, b) => a - b);
  const shown = candidates.find((at) => wallClockMs(timeZone, at) === wall);
  return new Date(shown ?? (candidates[1] as number));
}

/**
 * The span a booking holds in the clinic's clock, as instants: from its time for
 * TIMED_EVENT_MINUTES (as the .ics files give it), or the whole day when it has no time.
 */
export function bookedSpan(
  timeZone: string,
  date: string,
  time: string | null | undefined,
): { start: string; end: string } {
  const instant = (at: Date) => at.toISOString().replace('.000Z', 'Z');
  if (!time)
    return {
      start: instant(instantAt(timeZone, date, '00:00')),
      end: instant(instantAt(timeZone, addDays(date, 1), '00:00')),
    };
  const start = instantAt(timeZone, date, time);
  return {
    start: instant(start),
    end: instant(new Date(start.getTime() + TIMED_EVENT_MINUTES * 60_000)),
  };
}
