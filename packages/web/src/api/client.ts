import createClient from 'openapi-fetch';
import type { paths } from './schema';
import { sessionGuard } from './sessionGuard';
import { SessionWatch } from './sessionWatch';

/** The browser's session as the app believes it to be (sessionWatch.ts). */
export const session = new SessionWatch();

/**
 * The typed API client: every path, body and answer comes from the server's OpenAPI document
 * (scripts/apiTypes.mjs), so a route whose JSON changes breaks this app's build. The session is
 * the server's HttpOnly cookie, sent by the browser on same-origin requests: no token is ever
 * kept in script-readable storage (the sign-in's answer carries one for scripts; the app drops
 * it). A request whose session has expired waits for the user to sign in again (sessionGuard.ts).
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(sessionGuard(session));
