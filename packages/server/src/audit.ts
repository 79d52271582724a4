import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from './db/open.js';
import { inClinic } from './db/open.js';

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

/** Canonical JSON: keys sorted, no whitespace, every value a string or null. */
export function canonicalJson(record: AuditRecordFields): string {
  const entries = Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

export function chainHash(prevHash: string, record: AuditRecordFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

/**
 * Append one record to the clinic's chain inside `tx` (the caller's transaction, so a write and
 * its record commit together). The chain head row is locked FOR UPDATE: concurrent appends
 * for a clinic queue behind it, so the chain cannot fork.
 */
export async function appendAudit(tx: Tx, event: AuditEvent): Promise<void> {
  await tx
    .insertInto('audit_heads')
    .values({ clinic_id: event.clinicId, last_id: null, last_hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('clinic_id').doNothing())
    .execute();
  const head = await tx
    .selectFrom('audit_heads')
    .select(['last_hash'])
    .where('clinic_id', '=', event.clinicId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{
    id: string;
  }>`select nextval('audit_log_id_seq')::text as id`.execute(tx);
  const id = rows[0].id;
  const at = new Date();
  const record: AuditRecordFields = { ...event, id, at: at.toISOString() };
  const hash = chainHash(head.last_hash, record);
  await tx
    .insertInto('audit_log')
    .values({
      id,
      at,
      clinic_id: event.clinicId,
      user_id: event.userId,
      action: event.action,
      resource_type: event.resourceType,
      resource_id: event.resourceId,
      outcome: event.outcome,
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await tx
    .updateTable('audit_heads')
    .set({ last_id: id, last_hash: hash })
    .where('clinic_id', '=', event.clinicId)
    .execute();
}

/** Append in a transaction of its own (refusals, after the work's transaction rolled back). */
export function appendAuditAlone(db: Db, event: AuditEvent): Promise<void> {
  return inClinic(db, event.clinicId, (tx) => appendAudit(tx, event));
}

export type VerifyResult = { ok: true; records: number } | { ok: false; firstBrokenId: number };

/**
 * Walk a clinic's chain in id order: each record's prev_hash must be the previous record's
 * hash and its hash must match its fields; the head must point at the last record (a deleted
 * tail is caught too).
 */
export async function verifyAudit(tx: Tx, clinicId: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let lastId: string | null = null;
  let records = 0;
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
      if (row.prev_hash !== prevHash || row.hash !== expected) {
        return { ok: false, firstBrokenId: Number(row.id) };
      }
      prevHash = row.hash;
      lastId = row.id;
      records++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await tx
    .selectFrom('audit_heads')
    .select([sql<string | null>`last_id::text`.as('last_id'), 'last_hash'])
    .where('clinic_id', '=', clinicId)
    .executeTakeFirst();
  if (head && (head.last_hash !== prevHash || head.last_id !== lastId)) {
    return { ok: false, firstBrokenId: Number(head.last_id ?? 0) };
  }
  return { ok: true, records };
}
