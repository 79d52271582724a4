import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The typed API client: every path, body and answer comes from the server's OpenAPI document
 * (scripts/apiTypes.mjs), so a route whose JSON changes breaks this app's build. The session is
 * the server's HttpOnly cookie, sent by the browser on same-origin requests: no token is ever
 * kept in script-readable storage.
 */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
