/**
 * Whether the browser's session is believed alive, and who waits for it to come back.
 *
 * A 401 from the API while signed in means the session ended under the user (it expired, or was
 * revoked elsewhere). The screen must not be left: a planner's unsaved work lives in React state.
 * So the request that met the 401 waits here (`expired()`), the sign-in is shown over the screen,
 * and once the same user has signed in again (`signedIn()`) every waiting request is sent again.
 * Signing out instead (`signedOut()`) lets them fail with their 401.
 */
export type SessionState = 'unknown' | 'signed-out' | 'signed-in' | 'expired';

export class SessionWatch {
  #state: SessionState = 'unknown';
  #listeners = new Set<() => void>();
  #waiting: ((resumed: boolean) => void)[] = [];

  get state(): SessionState {
    return this.#state;
  }

  /** For React's useSyncExternalStore: `listener` is called after each change of state. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A session is open (signed in, or signed in again): the waiting requests go again. */
  signedIn(): void {
    this.#set('signed-in');
    this.#release(true);
  }

  /** No session, and none is being waited for: the waiting requests fail as they are. */
  signedOut(): void {
    this.#set('signed-out');
    this.#release(false);
  }

  /**
   * A request met a 401. While signed in (or already waiting) it waits: the answer says whether
   * the session came back (send the request again) or not (keep the 401). Before the page's first
   * check has answered ('unknown': a screen's data is asked for beside the check, on a cold load)
   * it waits for that answer, without asking anyone to sign in: signed in, it goes again; signed
   * out, the 401 stands, and no screen shows it (the sign-in page does). After sign-out a 401 is
   * simply the answer.
   */
  expired(): Promise<boolean> {
    if (this.#state === 'signed-out') return Promise.resolve(false);
    const resumed = new Promise<boolean>((resolve) => this.#waiting.push(resolve));
    if (this.#state !== 'unknown') this.#set('expired');
    return resumed;
  }

  #release(resumed: boolean): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve(resumed);
  }

  #set(state: SessionState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener();
  }
}
