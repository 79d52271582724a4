import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from './db/open.js';

/** The hash before a clinic's first record. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  readonly clinicId: string;
  readonly userId: string | null;
  /** e.g. `patient.read`, `patient.create`, `plan.create`, `auth.login`. */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  /** `ok`, or the refusal: `forbidden`, `not-found`, `invalid`, `conflict`. */
  readonly outcome: string;
}

interface AuditRecordFields extends AuditEvent {
  readonly id: string;
  readonly at: string;
}

/**
 * Canonical JSON: keys sorted, no whitespace, every value a string or null (an audit record) or a
 * whole number (a checkpoint's ids and counts).
 */
export function canonicalJson<T extends { readonly [K in keyof T]: string | number | null }>(
  record: T,
): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, record: AuditRecordFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

/**
 * Append one record to the clinic's chain inside `tx` (the caller's transaction, so a write and
 * its record commit together).
 */
export function appendAudit(tx: Tx, event: AuditEvent): Promise<void> {
  return appendAuditRecords(tx, event.clinicId, [event]);
}

/**
 * Append records of one clinic to its chain, in the order given, in one statement: the SQL
 * function audit_append (migrations/003) locks the clinic's chain head, so concurrent appends
 * queue behind it and the chain cannot fork, and computes the same hashes as `chainHash`.
 * With `Db` it is a transaction of its own; with `Tx`, part of the caller's.
 */
export async function appendAuditRecords(
  db: Db | Tx,
  clinicId: string,
  events: readonly AuditEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const payload = events.map((event) => {
    if (event.clinicId !== clinicId) throw new Error('appendAuditRecords: mixed clinics');
    return {
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      outcome: event.outcome,
      userId: event.userId,
    };
  });
  await sql`select audit_append(${clinicId}::uuid, ${JSON.stringify(payload)}::jsonb)`.execute(db);
}

export type VerifyResult = { ok: true; records: number } | { ok: false; firstBrokenId: number };

/** One record of a chain as `walkChain` sees it. */
export interface ChainStep {
  /** The record's id (a bigint, as text). */
  readonly id: string;
  /** The hash stored on the record. */
  readonly hash: string;
  /** Its prev_hash is the previous record's hash, and its hash matches its fields. */
  readonly intact: boolean;
}

/**
 * A clinic's records in id (chain) order, each checked against the one before it, read a page at
 * a time. The caller decides what a broken step means and may stop early.
 */
export async function* walkChain(tx: Tx, clinicId: string): AsyncGenerator<ChainStep> {
  let prevHash = GENESIS_HASH;
  let lastId: string | null = null;
  const pageSize = 1000;
  for (;;) {
    let query = tx
      .selectFrom('audit_log')
      .select([
        sql<string>`id::text`.as('id'),
        'at',
        'clinic_id',
        'user_id',
        'action',
        'resource_type',
        'resource_id',
        'outcome',
        'prev_hash',
        'hash',
      ])
      .where('clinic_id', '=', clinicId)
      // The table's bigint id, not the text alias of the same name.
      .orderBy('audit_log.id')
      .limit(pageSize);
    if (lastId !== null) query = query.where('audit_log.id', '>', lastId);
    const rows = await query.execute();
    for (const row of rows) {
      const expected = chainHash(prevHash, {
        id: row.id,
        at: new Date(row.at).toISOString(),
        clinicId: row.clinic_id,
        userId: row.user_id,
        action: row.action,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        outcome: row.outcome,
      });
      yield {
        id: row.id,
        hash: row.hash,
        intact: row.prev_hash === prevHash && row.hash === expected,
      };
      prevHash = row.hash;
      lastId = row.id;
    }
    if (rows.length < pageSize) break;
  }
}

/** The clinic's chain head: the last record's id (text) and hash; undefined before any record. */
export function readHead(
  tx: Tx,
  clinicId: string,
): Promise<{ last_id: string | null; last_hash: string } | undefined> {
  return tx
    .selectFrom('audit_heads')
    .select([sql<string | null>`last_id::text`.as('last_id'), 'last_hash'])
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
}

/**
 * Walk a clinic's chain in id order: each record's prev_hash must be the previous record's
 * hash and its hash must match its fields; the head must point at the last record (a deleted
 * tail is caught too, unless the head was moved with it: only a checkpoint catches that, see
 * auditCheckpoint.ts).
 */
export async function verifyAudit(tx: Tx, clinicId: string): Promise<VerifyResult> {
  let lastHash = GENESIS_HASH;
  let lastId: string | null = null;
  let records = 0;
  for await (const step of walkChain(tx, clinicId)) {
    if (!step.intact) return { ok: false, firstBrokenId: Number(step.id) };
    lastHash = step.hash;
    lastId = step.id;
    records++;
  }
  const head = await readHead(tx, clinicId);
  if (head && (head.last_hash !== lastHash || head.last_id !== lastId)) {
    return { ok: false, firstBrokenId: Number(head.last_id ?? 0) };
  }
  return { ok: true, records };
}
