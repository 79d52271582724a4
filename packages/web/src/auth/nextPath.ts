/**
 * Where sign-in sends you afterwards: the screen you were going to, carried in `?next=`. Only a
 * path of this app is followed — never another site (`//evil.example`, `/\evil.example`, a
 * scheme), nor a path with whitespace or control characters, which browsers strip into one.
 */
/** The app's home: each role's own start screen (homeFor, App.tsx's index route). */
export const HOME_PATH = '/';

/** Where a role starts: a researcher has no patients to list, only the pooled evidence. */
export function homeFor(role: string | undefined): string {
  return role === 'researcher' ? '/evidence' : '/patients';
}

export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//')) return HOME_PATH;
  for (const char of next) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || char === '\\') return HOME_PATH;
  }
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next.startsWith('/sign-in/'))
    return HOME_PATH;
  return next;
}

/** The sign-in page's path that comes back to `path` (the app's home needs no `next`). */
export function signInPathFor(path: string): string {
  const next = safeNextPath(path);
  return next === HOME_PATH ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
