import { formatNumber } from './locale';

/**
 * A wait the server asked for (Retry-After, in seconds) as a person would say it: "1 second",
 * "45 seconds", "2 minutes", "about 2 hours". Rounded up, so the wait said is never too short.
 */
export function waitInWords(seconds: number, locale?: string): string {
  const count = (n: number, one: string, many: string) =>
    `${formatNumber(n, {}, locale)} ${n === 1 ? one : many}`;
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return count(s, 'second', 'seconds');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return count(minutes, 'minute', 'minutes');
  return `about ${count(Math.ceil(minutes / 60), 'hour', 'hours')}`;
}
