import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptCost {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
}

/**
 * scrypt N = 2^15, r = 8, p = 3: one of the OWASP Password Storage Cheat Sheet's equivalent
 * minimum settings (32 MiB). The parameters are stored with each hash, so raising them later
 * leaves old hashes verifiable. Tests pass a cheaper cost.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { logN: 15, r: 8, p: 3, keyLength: 32 };
const DEFAULT = DEFAULT_SCRYPT_COST;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number, len: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      len,
      { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** `scrypt$<logN>$<r>$<p>$<salt b64url>$<key b64url>`: the parameters travel with the hash. */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost.logN, cost.r, cost.p, cost.keyLength);
  return [
    'scrypt',
    cost.logN,
    cost.r,
    cost.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const expected = Buffer.from(parts[5], 'base64url');
  if (!logN || !r || !p || logN > 20 || expected.length === 0) return false;
  const actual = await derive(password, salt, logN, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A well-formed hash of no password, to spend the same time when the email is unknown: at the
 * cost the users' hashes are made with, or an unknown email would take longer (or shorter) to
 * refuse than a known one.
 */
export function dummyHash(cost: ScryptCost = DEFAULT): string {
  return `scrypt$${cost.logN}$${cost.r}$${cost.p}$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`;
}
