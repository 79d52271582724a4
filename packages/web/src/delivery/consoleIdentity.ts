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

/** This page's console per session, once held (a second ask, or a return to the screen, reuses it). */
const holding = new Map<string, Promise<string>>();

/**
 * This tab's console for the session, held for as long as the page lives: the one kept, unless
 * another tab holds it — a duplicated tab starts with a copy of this tab's sessionStorage, this
 * console's id with it, and two pages sending as one console both drove the session, each
 * skipping the other's events as repeated — then a new one (refused, until it takes over).
 */
export function tabConsoleFor(sessionId: string): Promise<string> {
  let console_ = holding.get(sessionId);
  if (console_ === undefined) {
    console_ = (async () => {
      const kept = consoleFor(sessionId);
      if (await hold(kept)) return kept;
      const made = newConsoleId();
      rememberConsole(sessionId, made);
      await hold(made);
      return made;
    })();
    holding.set(sessionId, console_);
  }
  return console_;
}

/**
 * Hold a Web Lock named for the console until the page goes. Waits a moment for a page that is
 * going (a reload's previous page lets go as it unloads); false when another page holds it.
 */
async function hold(consoleId: string, waitMs = 1500): Promise<boolean> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return true; // no Web Locks: the id kept, as before
  try {
    await new Promise<void>((resolve, reject) => {
      locks
        .request(
          `microcore.delivery.console.${consoleId}`,
          { signal: AbortSignal.timeout(waitMs) },
          () => {
            resolve();
            return new Promise<never>(() => undefined); // held while the page lives
          },
        )
        .catch(reject);
    });
    return true;
  } catch {
    return false;
  }
}
