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

/** `YYYY-MM-DD` of `now` in `timeZone`. */
export function dayIn(timeZone: string, now: Date): string {
  let format = formats.get(timeZone);
  if (!format) {
    // en-CA writes YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format.format(now);
}

/** Whether `name` is a time zone this runtime knows (IANA names, `UTC`). */
export function isTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
