import { defaultSeriesSettings, laxityCategory } from '@microcore/core';

/**
 * The number of sessions the clinic's setting recommends for a laxity grade (the core's rule,
 * which the server applies when the form leaves the number out), and the words for it.
 */
export function recommendedSessions(laxityGrade: number): { sessions: number; category: string } {
  const settings = defaultSeriesSettings();
  const category = laxityCategory(laxityGrade, settings);
  // Grade 0 (no laxity) is booked as mild, with the server's warning that it is not indicated.
  const sessions = settings.sessionsByLaxity[category === 'none' ? 'mild' : category];
  return { sessions, category: category === 'none' ? 'no' : category };
}

export const MAX_SESSIONS: number = defaultSeriesSettings().maxSessions;

/** The sessions' times for the body: none when no time is given, else one (or null) per session. */
export function sessionTimesBody(
  times: readonly string[],
  sessions: number,
): (string | null)[] | undefined {
  const shown = times.slice(0, sessions);
  if (shown.every((t) => !t)) return undefined;
  return Array.from({ length: sessions }, (_, i) => shown[i] || null);
}
