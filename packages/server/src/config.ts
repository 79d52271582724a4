import { AUDIT_KEY_REQUIRED, type AuditKey, AuditKeyError, parseAuditKey } from './auditKey.js';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './auth/password.js';
import { SIGN_IN_THROTTLE, type SignInThrottlePolicy } from './auth/throttlePolicy.js';
import { DEFAULT_WEB_DIR } from './http/webApp.js';

/** Everything the server reads from the environment, in one place (README: Configuration). */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  /** Who runs the migrations (the tables' owner); default: `databaseUrl`. */
  readonly databaseMigrationUrl: string | undefined;
  readonly dataDir: string;
  readonly sessionHours: number;
  /** How long this process may reuse a session lookup (0: look up every request). */
  readonly sessionCacheSeconds: number;
  readonly demo: boolean;
  readonly demoPassword: string;
  /** Synthetic patients seeded into a new demo clinic (MICROCORE_DEMO_PATIENTS; 0: none). */
  readonly demoPatients: number;
  readonly secureCookie: boolean;
  readonly logLevel: string;
  /** How failed sign-ins slow further attempts down (auth/throttlePolicy.ts; tests change it). */
  readonly signInThrottle: SignInThrottlePolicy;
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address, which the sign-in
   * throttle counts per (MICROCORE_TRUST_PROXY: a hop count, or addresses/CIDRs separated by
   * commas; unset: none, the address is the TCP peer's).
   */
  readonly trustProxy: TrustProxy;
  readonly bodyLimitBytes: number;
  readonly passwordCost: ScryptCost;
  /**
   * The secret that keys the researchers' pseudonyms and date shifts (MICROCORE_DEIDENTIFY_KEY,
   * at least DEIDENTIFY_KEY_MIN_BYTES bytes). Unset: one is generated once and kept in the
   * database (table server_secrets, migrations/007), so pseudonyms survive restarts.
   */
  readonly deidentifyKey: string | undefined;
  /**
   * The Ed25519 key that signs audit checkpoints (MICROCORE_AUDIT_KEY, parsed). Unset: startServer
   * loads MICROCORE_AUDIT_KEY_FILE or the embedded database's key file (auditKey.ts); never the
   * database, which the checkpoints witness.
   */
  readonly auditKey: AuditKey | undefined;
  /** A PKCS#8 PEM file holding that key, created on first start if missing (MICROCORE_AUDIT_KEY_FILE). */
  readonly auditKeyFile: string | undefined;
  /** The built web app served at `/` (packages/web/dist; http/webApp.ts). */
  readonly webDir: string;
  /**
   * A delivery watch socket that heard no batch for this long checks the session's last seq in
   * the database, and sends a fresh resume if another server process went on with it (ms).
   */
  readonly deliveryWatchQuietMs: number;
}

/** The core's minimum for an HMAC key (core/evidence/deidentify.ts). */
export const DEIDENTIFY_KEY_MIN_BYTES = 16;

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '127.0.0.1',
  databaseUrl: undefined,
  databaseMigrationUrl: undefined,
  dataDir: './data',
  sessionHours: 12,
  sessionCacheSeconds: 5,
  demo: false,
  demoPassword: 'microcore-demo',
  webDir: DEFAULT_WEB_DIR,
  demoPatients: 72,
  secureCookie: false,
  logLevel: 'info',
  signInThrottle: SIGN_IN_THROTTLE,
  trustProxy: false,
  bodyLimitBytes: 256 * 1024,
  passwordCost: DEFAULT_SCRYPT_COST,
  deidentifyKey: undefined,
  auditKey: undefined,
  auditKeyFile: undefined,
  deliveryWatchQuietMs: 5000,
};

export class ConfigError extends Error {}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max)
      throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${text}"`);
    return value;
  };
  const wholeNumber = (name: string, fallback: number, min: number, max: number): number => {
    const value = number(name, fallback, min, max);
    if (!Number.isInteger(value))
      throw new ConfigError(
        `${name} must be a whole number from ${min} to ${max}, got "${env[name]}"`,
      );
    return value;
  };
  const flag = (name: string) => env[name] === '1' || env[name] === 'true';
  const deidentifyKey = env.MICROCORE_DEIDENTIFY_KEY || undefined;
  if (
    deidentifyKey !== undefined &&
    Buffer.byteLength(deidentifyKey, 'utf8') < DEIDENTIFY_KEY_MIN_BYTES
  )
    throw new ConfigError(
      `MICROCORE_DEIDENTIFY_KEY must be at least ${DEIDENTIFY_KEY_MIN_BYTES} bytes (e.g. \`openssl rand -hex 32\`)`,
    );
  if (env.DATABASE_MIGRATION_URL && !env.DATABASE_URL)
    throw new ConfigError('DATABASE_MIGRATION_URL is set but DATABASE_URL is not');
  const auditKey = auditKeyFromEnv(env);
  return {
    ...DEFAULT_CONFIG,
    port: wholeNumber('PORT', DEFAULT_CONFIG.port, 0, 65535),
    host: env.HOST || DEFAULT_CONFIG.host,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseMigrationUrl: env.DATABASE_MIGRATION_URL || undefined,
    dataDir: env.MICROCORE_DATA_DIR || DEFAULT_CONFIG.dataDir,
    sessionHours: number('MICROCORE_SESSION_HOURS', DEFAULT_CONFIG.sessionHours, 0.01, 24 * 90),
    sessionCacheSeconds: number(
      'MICROCORE_SESSION_CACHE_SECONDS',
      DEFAULT_CONFIG.sessionCacheSeconds,
      0,
      60,
    ),
    demo: flag('MICROCORE_DEMO'),
    demoPassword: env.MICROCORE_DEMO_PASSWORD || DEFAULT_CONFIG.demoPassword,
    demoPatients: wholeNumber('MICROCORE_DEMO_PATIENTS', DEFAULT_CONFIG.demoPatients, 0, 1000),
    secureCookie: flag('MICROCORE_SECURE_COOKIE'),
    logLevel: env.MICROCORE_LOG_LEVEL || DEFAULT_CONFIG.logLevel,
    trustProxy: trustProxyFromEnv(env.MICROCORE_TRUST_PROXY),
    deidentifyKey,
    auditKey,
    auditKeyFile: env.MICROCORE_AUDIT_KEY_FILE || undefined,
  };
}

/**
 * MICROCORE_AUDIT_KEY parsed, or undefined. Several API processes on one PostgreSQL must sign
 * with one key, so with DATABASE_URL a key (or a key file) is required rather than made up.
 */
function auditKeyFromEnv(env: NodeJS.ProcessEnv): AuditKey | undefined {
  const text = env.MICROCORE_AUDIT_KEY || undefined;
  if (text !== undefined && env.MICROCORE_AUDIT_KEY_FILE)
    throw new ConfigError('set MICROCORE_AUDIT_KEY or MICROCORE_AUDIT_KEY_FILE, not both');
  if (env.DATABASE_URL && text === undefined && !env.MICROCORE_AUDIT_KEY_FILE)
    throw new ConfigError(AUDIT_KEY_REQUIRED);
  if (text === undefined) return undefined;
  try {
    return parseAuditKey(text, 'MICROCORE_AUDIT_KEY');
  } catch (error) {
    if (error instanceof AuditKeyError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Fastify's trustProxy: none, addresses/CIDRs separated by commas, or the first hops. */
export type TrustProxy = false | string | ((address: string, hop: number) => boolean);

/** MICROCORE_TRUST_PROXY: a whole number of hops, or addresses/CIDRs. */
function trustProxyFromEnv(text: string | undefined): TrustProxy {
  if (text === undefined || text.trim() === '') return false;
  if (/^\d+$/.test(text.trim())) {
    const hops = Number(text.trim());
    return (_address, hop) => hop < hops;
  }
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(part)))
    throw new ConfigError(
      `MICROCORE_TRUST_PROXY must be a number of hops or addresses/CIDRs separated by commas, got "${text}"`,
    );
  return parts.join(',');
}
