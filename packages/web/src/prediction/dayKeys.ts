/** Days a Page Up / Page Down moves the day slider (the slider itself steps one day per arrow). */
export const PAGE_DAYS = 10;

/** The day after a Page Up or Page Down, within 0..lastDay; null for any other key. */
export function dayAfterPageKey(day: number, key: string, lastDay: number): number | null {
  if (key === 'PageUp') return Math.min(lastDay, day + PAGE_DAYS);
  if (key === 'PageDown') return Math.max(0, day - PAGE_DAYS);
  return null;
}
