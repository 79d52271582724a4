import type { Pool } from 'undici';
import { BENCH_PASSWORD, type SeededClinic } from './seed.js';
import type { ClinicWorld } from './workload.js';

/** Clinics signed in at once (three users each). */
const CLINICS_SIGNING_IN_AT_ONCE = 3;

/** Every seeded user signed in through the API: a bearer token each. */
export async function signIn(pool: Pool, clinics: readonly SeededClinic[]): Promise<ClinicWorld[]> {
  // The server charges each sign-in in flight to the client's address as a failure until it
  // succeeds, and slows an address down past 20: the bench, one address, stays well below.
  return inBatches(clinics, CLINICS_SIGNING_IN_AT_ONCE, async (clinic) => {
    const [admin, a, b] = await Promise.all(clinic.emails.map((email) => logIn(pool, email)));
    return { ...clinic, adminToken: admin, clinicianTokens: [a, b] as const };
  });
}

async function logIn(pool: Pool, email: string): Promise<string> {
  const { statusCode, body } = await pool.request({
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  const text = await body.text();
  if (statusCode !== 200) throw new Error(`bench login of ${email}: ${statusCode} ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}

/** `work` on every item, at most `concurrency` at a time, results in the items' order. */
async function inBatches<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]);
      }
    }),
  );
  return results;
}
