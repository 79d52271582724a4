/**
 * This tab's console id for a session: made when the tab starts (or first opens) the session and
 * kept in sessionStorage, so a reload of the tab is the same console (it still holds the session)
 * while another tab is another console (refused, until it takes over).
 */
const key = (sessionId: string) => `microcore.delivery.console.${sessionId}`;

function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined; // storage blocked: a new console each load, which may take over
  }
}

export function newConsoleId(): string {
  return crypto.randomUUID();
}

export function rememberConsole(sessionId: string, consoleId: string): void {
  tabStorage()?.setItem(key(sessionId), consoleId);
}

/** This tab's console for the session: the one kept, else a new one (kept from now on). */
export function consoleFor(sessionId: string): string {
  const kept = tabStorage()?.getItem(key(sessionId));
  if (kept) return kept;
  const made = newConsoleId();
  rememberConsole(sessionId, made);
  return made;
}
