import pg from 'pg';
import { StartupError } from '../startupError.js';

/** Long enough for a server across a slow network, short enough to hear back from a dropped one. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Connect once to the PostgreSQL server in `url` (named `variable` in messages) before anything
 * is migrated or seeded, so an unreachable server, a wrong host or password, or a missing
 * database is one line that says what to do. The line names the server without the password,
 * and the password is blanked out of anything the driver says.
 */
export async function checkDatabaseReachable(url: string, variable: string): Promise<void> {
  const target = describeTarget(url, variable);
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  } catch {
    throw new StartupError(
      `${variable} is not a PostgreSQL URL (postgres://user:password@host:port/database); fix ${variable}`,
      'database-url-invalid',
    );
  }
  client.on('error', () => {}); // a failed connect is reported by connect() below
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      reachError(error, target, variable, secretOf(url)),
      'database-unreachable',
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function reachError(error: unknown, target: string, variable: string, secrets: string[]): string {
  const { code, message } = error as { code?: string; message?: string };
  let reason = String(message ?? error).replace(/\s+/g, ' ');
  for (const secret of secrets) reason = reason.split(secret).join('***');
  const because = code ? `${code}: ${reason}` : reason;
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${target} (${because}); start PostgreSQL there, or fix ${variable}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `the host of ${target} cannot be resolved (${because}); fix the host in ${variable}`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${target} refused the login (${because}); check the user and password in ${variable}`;
    case '3D000':
      return `PostgreSQL at ${target} has no such database (${because}); create it, or fix the database name in ${variable}`;
    default:
      return `cannot connect to ${target} (${because}); check that PostgreSQL runs there and that ${variable} is right`;
  }
}

/**
 * `DATABASE_URL (postgres://user@host:5432/db)`: the user, host, port and database only — never
 * the query, where libpq-style URLs may carry `?password=`.
 */
function describeTarget(url: string, variable: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${parsed.username}@` : '';
    return `${variable} (${parsed.protocol}//${user}${parsed.host}${parsed.pathname})`;
  } catch {
    return variable;
  }
}

/** The URL's password as written and decoded, to blank out of the driver's messages. */
function secretOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    const written = [parsed.password, parsed.searchParams.get('password') ?? ''];
    const decoded = written.map((text) => {
      try {
        return decodeURIComponent(text);
      } catch {
        return text; // not percent-encoding: it stands as written
      }
    });
    return [...written, ...decoded].filter((text) => text.length > 0);
  } catch {
    return [];
  }
}
