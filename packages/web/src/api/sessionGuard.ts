import type { Middleware } from 'openapi-fetch';
import type { SessionWatch } from './sessionWatch';

/**
 * Sign-in and sign-out answer 401 for their own reasons (a wrong password), and GET /api/me's 401
 * is its answer ("nobody is signed in", which the page's check waits for): never waited on.
 */
const OWN_401 = /^\/api\/(auth\/|me$)/;

/**
 * The API client's middleware that turns an expired session into a pause instead of an error: a
 * 401 (outside sign-in and sign-out) is reported to the session watch, and the request waits
 * until the user has signed in again, then goes again, unchanged, and its caller gets the new
 * answer as if nothing had happened. The server refuses a request without a session before doing
 * anything, so sending a write again cannot do it twice.
 */
export function sessionGuard(session: SessionWatch): Middleware {
  // Each request's copy, kept from before it was sent: a sent request's body is spent.
  const copies = new Map<string, Request>();
  return {
    onRequest({ request, id }) {
      if (!OWN_401.test(new URL(request.url).pathname)) copies.set(id, request.clone());
      return undefined;
    },
    async onResponse({ response, options, id }) {
      const copy = copies.get(id);
      copies.delete(id);
      if (response.status !== 401 || copy === undefined) return undefined;
      if (!(await session.expired())) return undefined;
      // Called bare: a browser's fetch called as a method of another object throws.
      const { fetch } = options;
      return fetch(copy);
    },
    onError({ id }) {
      copies.delete(id);
      return undefined;
    },
  };
}
