import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ServerConfig } from './config.js';

/**
 * The Ed25519 key that signs the audit checkpoints. It is never stored in the database: a
 * witness that lives beside what it witnesses could be rewritten with it. Nothing here logs or
 * returns the private key's bytes (a KeyObject prints as its type only).
 */
export interface AuditKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what anyone needs to check a checkpoint's signature. */
  readonly publicKeyPem: string;
  /** Hex SHA-256 of the public key's SubjectPublicKeyInfo DER (`openssl pkey -pubin -outform DER | sha256sum`). */
  readonly keyId: string;
}

/** A key that cannot be read or used; configFromEnv and startServer report it as a ConfigError. */
export class AuditKeyError extends Error {}

/** Where the key came from, for the start-up line (never the key itself). */
export interface LoadedAuditKey {
  readonly key: AuditKey;
  /** `MICROCORE_AUDIT_KEY`, or the key file's absolute path. */
  readonly source: string;
  /** True when this start created the key file. */
  readonly created: boolean;
}

/** PKCS#8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SEED_BYTES = 32;

export function auditKeyFrom(privateKey: KeyObject): AuditKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: createHash('sha256').update(spki).digest('hex'),
  };
}

/** A new random key (the embedded database's first start, or a test). */
export function generateAuditKey(): AuditKey {
  return auditKeyFrom(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The key from text: a PKCS#8 PEM (`openssl genpkey -algorithm ed25519`) or the base64 of a
 * 32-byte seed (`openssl rand -base64 32`). `name` is what an error calls it; the error never
 * quotes the text.
 */
export function parseAuditKey(text: string, name: string): AuditKey {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: trimmed, format: 'pem' });
    } catch {
      throw new AuditKeyError(`${name} is not a readable PEM private key`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new AuditKeyError(
        `${name} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; an Ed25519 key is needed (openssl genpkey -algorithm ed25519)`,
      );
    return auditKeyFrom(key);
  }
  if (!/^[A-Za-z0-9+/]{43}=?$/.test(trimmed))
    throw new AuditKeyError(
      `${name} must be an Ed25519 PKCS#8 PEM or the base64 of a 32-byte seed (openssl rand -base64 32)`,
    );
  const seed = Buffer.from(trimmed, 'base64');
  if (seed.length !== SEED_BYTES) throw new AuditKeyError(`${name} must decode to 32 bytes`);
  return auditKeyFrom(
    createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
      format: 'der',
      type: 'pkcs8',
    }),
  );
}

/**
 * The embedded database's key file: beside its data folder, not inside it, so that a copy of the
 * folder (a backup, a disk image of the data) does not carry the key. `./data` and `./data/` are
 * the same folder, so both give `<cwd>/data.audit-key.pem`.
 */
export function auditKeyPathBeside(dataDir: string): string {
  const folder = resolve(dataDir);
  const parent = dirname(folder);
  if (parent === folder)
    throw new AuditKeyError(
      `MICROCORE_DATA_DIR is the file system's root (${folder}); there is no "beside" it for the audit key file: set MICROCORE_AUDIT_KEY_FILE`,
    );
  return join(parent, `${basename(folder)}.audit-key.pem`);
}

/** Read the key file, or create it with a new key when it does not exist. */
export function readOrCreateAuditKeyFile(path: string): { key: AuditKey; created: boolean } {
  const existing = readKeyFile(path);
  if (existing) return { key: existing, created: false };
  return createAuditKeyFile(path, generateAuditKey());
}

/**
 * Write `key` to `path` unless a key file is there already: the key goes to a private temporary
 * file (mode 0600) beside it, is flushed, then linked to `path`. The link fails if the file
 * appeared meanwhile, so two starts at once keep one key (the first), and no reader ever sees a
 * half-written file. The folder must exist: it is not created here.
 */
export function createAuditKeyFile(
  path: string,
  key: AuditKey,
): { key: AuditKey; created: boolean } {
  const pem = String(key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, pem);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another start created it first: use theirs.
    const theirs = readKeyFile(path);
    if (!theirs) throw error;
    return { key: theirs, created: false };
  } finally {
    unlinkSync(temporary);
  }
  syncFolder(dirname(path));
  return { key, created: true };
}

function readKeyFile(path: string): AuditKey | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new AuditKeyError(`cannot read the audit key file ${path} (${code ?? 'unknown error'})`);
  }
  refuseForeignKeyFile(path);
  return parseAuditKey(text, `the audit key file ${path}`);
}

/**
 * A key file someone else could have written or can read would let them forge checkpoints: it
 * must belong to the server's user (or root) and be private to it (no group or other access).
 */
function refuseForeignKeyFile(path: string): void {
  const stat = statSync(path);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid && stat.uid !== 0)
    throw new AuditKeyError(
      `the audit key file ${path} belongs to another user (uid ${stat.uid}); only the server's own key file is trusted: remove it, or give it to this user with mode 600`,
    );
  if ((stat.mode & 0o077) !== 0)
    throw new AuditKeyError(
      `the audit key file ${path} is open to other users (mode ${(stat.mode & 0o777).toString(8)}); make it private: chmod 600 ${path}`,
    );
}

/** Make the new directory entry durable (a crash after start must not lose the key). */
function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The server's key, by the rule the README gives: MICROCORE_AUDIT_KEY, else the file named by
 * MICROCORE_AUDIT_KEY_FILE (created if missing), else, for the embedded database, a file beside
 * its data folder. A PostgreSQL server shared by several processes needs one of the two settings
 * (configFromEnv refuses to start without): a key made by each process would make each one's
 * checkpoints unverifiable by the others.
 */
export function loadAuditKey(
  config: Pick<ServerConfig, 'auditKey' | 'auditKeyFile' | 'databaseUrl' | 'dataDir'>,
): LoadedAuditKey {
  if (config.auditKey !== undefined)
    return { key: config.auditKey, source: 'MICROCORE_AUDIT_KEY', created: false };
  if (config.auditKeyFile === undefined && config.databaseUrl !== undefined)
    throw new AuditKeyError(AUDIT_KEY_REQUIRED);
  const path = resolve(config.auditKeyFile ?? auditKeyPathBeside(config.dataDir));
  try {
    const { key, created } = readOrCreateAuditKeyFile(path);
    return { key, source: path, created };
  } catch (error) {
    if (error instanceof AuditKeyError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new AuditKeyError(`cannot create the audit key file ${path} (${code})`);
  }
}

export const AUDIT_KEY_REQUIRED =
  'with DATABASE_URL, set MICROCORE_AUDIT_KEY or MICROCORE_AUDIT_KEY_FILE: the key that signs audit checkpoints, the same for every process sharing the database and kept outside it (README: Configuration)';
