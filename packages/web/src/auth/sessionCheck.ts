import { api, session } from '../api/client';
import type { Clinic, Me } from '../api/types';

/** What the server said when asked who is signed in. */
export type SessionCheck =
  | { readonly status: 'signed-in'; readonly me: Me; readonly clinic: Clinic | undefined }
  | { readonly status: 'signed-out' }
  | { readonly status: 'unreachable' };

/** The user's clinic (its name is in the header), or undefined when it cannot be read. */
export async function fetchClinic(): Promise<Clinic | undefined> {
  try {
    const { data } = await api.GET('/api/clinic');
    return data;
  } catch {
    return undefined;
  }
}

/**
 * Ask the server who is signed in: GET /api/me, with GET /api/clinic sent beside it (one round
 * trip, not two; signed out, its 401 is dropped). The session watch learns the answer as soon as
 * /api/me gives it, so the requests a cold load sent beside the check (a 401 waits for it, see
 * sessionWatch.ts) go again or fail at once.
 */
export async function checkSession(): Promise<SessionCheck> {
  const clinic = fetchClinic();
  try {
    const { data, response } = await api.GET('/api/me');
    if (response.status === 401) {
      session.signedOut();
      return { status: 'signed-out' };
    }
    if (!data) return { status: 'unreachable' };
    session.signedIn();
    return { status: 'signed-in', me: data, clinic: await clinic };
  } catch {
    return { status: 'unreachable' };
  }
}

let started: Promise<SessionCheck> | undefined;

/**
 * Start the page's first check now (main.tsx calls it before React's first render, which takes a
 * few hundred ms on a slow machine; the check no longer waits for it).
 */
export function startSessionCheck(): void {
  started ??= checkSession();
}

/** The check started by startSessionCheck, once; after that (or without it), a new check. */
export function takeSessionCheck(): Promise<SessionCheck> {
  const check = started ?? checkSession();
  started = undefined;
  return check;
}
