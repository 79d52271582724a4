/**
 * Whether an error means the database cannot be reached or cannot serve right now — not a bug
 * in the request or in the server — so the answer is 503 with Retry-After rather than 500:
 * PostgreSQL restarting or shutting down, the connection refused or cut, the pool timing out,
 * too many connections, or a transaction chosen as a deadlock or serialization victim (which
 * succeeds when sent again).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (/^08/.test(code)) return true; // connection exception (SQLSTATE class 08)
    if (SQLSTATES.has(code) || NODE_CODES.has(code)) return true;
  }
  return typeof message === 'string' && POOL_MESSAGES.some((m) => message.includes(m));
}

/** SQLSTATEs (PostgreSQL appendix A) after which the same request can succeed later. */
const SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, or in recovery)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available (a lock_timeout ran out)
]);

/** Socket errors from Node when the server is gone or unreachable. */
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/** node-postgres reports a dropped or unobtainable connection by message only. */
const POOL_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];
