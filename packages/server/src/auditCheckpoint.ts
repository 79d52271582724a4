import { sign, verify } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson, GENESIS_HASH, readHead, walkChain } from './audit.js';
import type { AuditKey } from './auditKey.js';
import type { Tx } from './db/open.js';

/**
 * Signed checkpoints of a clinic's audit chain: the witness outside the database. The chain's
 * hashes show a record changed in place, but whoever can write the database can also delete its
 * tail and move the head back, or rewrite a record and recompute every hash after it, and the
 * chain verifies again. A checkpoint, signed with a key the database never holds and saved by an
 * admin elsewhere, pins the head as it was: what was below it must still be there, unchanged.
 */

/** The chain head at one moment, and which key vouches for it. The signed bytes are its canonical JSON. */
export interface AuditCheckpoint {
  readonly version: 1;
  /** Hex SHA-256 of the signing key's SubjectPublicKeyInfo DER. */
  readonly keyId: string;
  readonly clinicId: string;
  /** The last record's id; null while the clinic has no records. */
  readonly lastId: number | null;
  /** That record's hash (the genesis hash with no records). */
  readonly lastHash: string;
  /** How many records the chain held from the first through `lastId`. */
  readonly records: number;
  /** When it was taken, ISO 8601 UTC. */
  readonly at: string;
}

/** What `GET /api/audit/checkpoint` answers and `POST /api/audit/verify` takes back. */
export interface SignedCheckpoint {
  readonly checkpoint: AuditCheckpoint;
  /** Ed25519 over the UTF-8 bytes of `canonicalJson(checkpoint)`, base64. */
  readonly signature: string;
  /** The signing key's public half (SPKI PEM), so anyone can check the signature. */
  readonly publicKey: string;
}

/** The exact bytes that are signed: keys sorted, no whitespace (audit.ts `canonicalJson`). */
export function checkpointBytes(checkpoint: AuditCheckpoint): Buffer {
  return Buffer.from(canonicalJson(checkpoint), 'utf8');
}

export function signCheckpoint(key: AuditKey, checkpoint: AuditCheckpoint): SignedCheckpoint {
  return {
    checkpoint,
    signature: sign(null, checkpointBytes(checkpoint), key.privateKey).toString('base64'),
    publicKey: key.publicKeyPem,
  };
}

/** Whether `signature` (base64) is `key`'s Ed25519 signature of the checkpoint. */
export function signedBy(key: AuditKey, checkpoint: AuditCheckpoint, signature: string): boolean {
  return verify(null, checkpointBytes(checkpoint), key.publicKey, Buffer.from(signature, 'base64'));
}

/**
 * The clinic's head as it stands, signed. No lock is taken: the head and the count are read in
 * separate statements, and the count stops at the head's record, whose predecessors all committed
 * before the head pointed at it (ids are drawn under the head's lock, migrations/003).
 */
export async function takeCheckpoint(
  tx: Tx,
  clinicId: string,
  key: AuditKey,
  at: Date,
): Promise<SignedCheckpoint> {
  const head = await readHead(tx, clinicId);
  const lastId = head?.last_id ?? null;
  let records = 0;
  if (lastId !== null) {
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n from audit_log
       where clinic_id = ${clinicId}::uuid and id <= ${lastId}::bigint`.execute(tx);
    records = Number(rows[0]?.n ?? 0);
  }
  return signCheckpoint(key, {
    version: 1,
    keyId: key.keyId,
    clinicId,
    lastId: lastId === null ? null : Number(lastId),
    lastHash: head?.last_hash ?? GENESIS_HASH,
    records,
    at: at.toISOString(),
  });
}

/**
 * What a verify against a checkpoint found:
 * - `missing`: the clinic's trail is empty, though the checkpoint saw records (it was deleted);
 * - `truncated`: the checkpoint's record is gone: the chain stops before it, or goes on past it
 *   without it (cut, then continued);
 * - `rewritten`: the checkpoint's record is there with another hash, or after another number of
 *   records: a record at or below it was changed, added or removed and the hashes recomputed;
 * - `broken`: a record does not link to the one before it or match its fields, or the head does
 *   not point at the last record (what the plain verify finds too).
 */
export type TamperReason = 'missing' | 'truncated' | 'rewritten' | 'broken';

export interface CheckpointSummary {
  readonly lastId: number | null;
  readonly records: number;
  readonly at: string;
}

export type CheckpointVerifyResult =
  | { ok: true; records: number; checkpoint: CheckpointSummary }
  | {
      ok: false;
      reason: TamperReason;
      /** The first record found wrong; for a checkpoint finding, the checkpoint's record. */
      firstBrokenId: number;
      detail: string;
      checkpoint: CheckpointSummary;
    };

/**
 * Walk the clinic's chain from the first record (its signature and clinic already checked): it
 * must be intact, hold the checkpoint's record with the checkpoint's hash after as many records,
 * and go on intact to the head. Records appended since the checkpoint verify as usual.
 */
export async function verifyAgainstCheckpoint(
  tx: Tx,
  clinicId: string,
  checkpoint: AuditCheckpoint,
): Promise<CheckpointVerifyResult> {
  const summary: CheckpointSummary = {
    lastId: checkpoint.lastId,
    records: checkpoint.records,
    at: checkpoint.at,
  };
  const failed = (reason: TamperReason, id: number, detail: string): CheckpointVerifyResult => ({
    ok: false,
    reason,
    firstBrokenId: id,
    detail,
    checkpoint: summary,
  });
  const target = checkpoint.lastId === null ? null : BigInt(checkpoint.lastId);
  const seen = `the checkpoint of ${checkpoint.at} saw ${checkpoint.records} records through record ${checkpoint.lastId}`;
  let reached = target === null;
  let lastId: string | null = null;
  let lastHash = GENESIS_HASH;
  let records = 0;
  for await (const step of walkChain(tx, clinicId)) {
    const id = BigInt(step.id);
    if (!reached && target !== null && id > target)
      return failed(
        'truncated',
        Number(target),
        `record ${target} is gone: the chain goes from ${lastId ?? 'its start'} to ${step.id}; ${seen}`,
      );
    if (!step.intact)
      return failed(
        'broken',
        Number(step.id),
        `record ${step.id} does not link to the one before it or does not match its fields`,
      );
    records++;
    lastId = step.id;
    lastHash = step.hash;
    if (!reached && id === target) {
      if (step.hash !== checkpoint.lastHash || records !== checkpoint.records)
        return failed(
          'rewritten',
          Number(target),
          `record ${target} now follows ${records} records with another hash: the trail up to it was rewritten; ${seen}`,
        );
      reached = true;
    }
  }
  if (!reached && target !== null)
    return records === 0
      ? failed('missing', Number(target), `the clinic's audit trail is empty; ${seen}`)
      : failed(
          'truncated',
          Number(target),
          `the chain ends at record ${lastId} after ${records} records; ${seen}`,
        );
  const head = await readHead(tx, clinicId);
  if (head && (head.last_hash !== lastHash || head.last_id !== lastId))
    return failed(
      'broken',
      Number(head.last_id ?? 0),
      `the chain head points at record ${head.last_id}, not at the last record ${lastId}`,
    );
  return { ok: true, records, checkpoint: summary };
}
