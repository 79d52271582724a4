import { isMicrocoreError } from '@microcore/core';
import { sql } from 'kysely';
import { z } from 'zod';
import type { SessionUser } from '../auth/sessions.js';
import type { Tx } from '../db/open.js';
import type { RecordChange, RecordStatus, RecordTable } from '../db/schema.js';
import { toProblem } from '../http/errors.js';
import { Problem } from '../http/problems.js';

/**
 * Versions of a clinical record (migrations/019; docs/server.md "Corrections"). A record's row is
 * its current version; the database copies every version into record_versions, which nothing
 * may change. This module holds what every versioned kind shares: the JSON fields, the bodies of
 * a correction and a strike-out, the checks before a change (struck out? the version the client
 * read?), the columns of the next version, and the history.
 */

export const RECORD_STATUSES = ['current', 'entered-in-error'] as const satisfies RecordStatus[];
export const RECORD_CHANGES = [
  'created',
  'corrected',
  'entered-in-error',
  'resolved',
  'reopened',
  'withdrawn',
] as const satisfies RecordChange[];

/** The fields every versioned record's JSON carries. */
export const versionFields = {
  version: z
    .number()
    .int()
    .describe('1 when recorded; one more at each change (correction, strike-out, resolution, …)'),
  recordStatus: z
    .enum(RECORD_STATUSES)
    .describe('`entered-in-error` once struck out: kept and shown, never counted'),
};

export function versionOf(row: { version: number | string; record_status: string }) {
  return { version: Number(row.version), recordStatus: row.record_status as RecordStatus };
}

const changeReason = z
  .string()
  .trim()
  .min(1, 'required')
  .max(1000)
  .describe('why (1–1000 characters); kept with the version, shown in its history');

const expectedVersion = z
  .number()
  .int()
  .min(1)
  .max(2_147_483_647)
  .describe(
    "the record's `version` as you read it; if it has changed since, 409 (reload and retry)",
  );

export const strikeBody = z.strictObject({ expectedVersion, reason: changeReason });

/**
 * A correction's body: the fields that change, each validated as at creation (`fields` is the
 * creation body's subset that a correction may change, without defaults).
 */
export function correctionBody(fields: z.ZodObject) {
  return z.strictObject({
    expectedVersion,
    reason: changeReason,
    changes: fields
      .partial()
      .refine((changes) => Object.keys(changes).length > 0, 'name at least one field to change')
      .describe('the fields that change and their corrected values; the others stay as they are'),
  });
}

/** A record's current version, locked for a change; undefined when the patient has no such one. */
export function lockCurrent(
  tx: Tx,
  table: RecordTable,
  clinicId: string,
  patientId: string,
  id: string,
) {
  // One table's type stands for all five: the columns read are the ones they share.
  return tx
    .selectFrom(table as 'consents')
    .select(['id', 'version', 'record_status'])
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * 409 unless the record may change: a record struck out takes no further change, and a change
 * made against another version than the current one would silently undo what came in between.
 */
export function requireChangeable(
  current: { version: number; record_status: RecordStatus },
  noun: string,
  expected?: number,
): void {
  if (current.record_status === 'entered-in-error')
    throw new Problem(
      'conflict',
      `this ${noun} was struck out as entered in error; it takes no further change`,
      { code: 'entered-in-error' },
    );
  if (expected !== undefined && expected !== current.version)
    throw new Problem(
      'conflict',
      `this ${noun} is at version ${current.version}, not ${expected}: it was changed meanwhile; ` +
        'reload it, check the change still applies, and send it again',
      { code: 'version-conflict' },
    );
}

/** The columns of the version after `current`: what made it, who, now, why. */
export function nextVersion(
  current: { version: number },
  user: SessionUser,
  change: Exclude<RecordChange, 'created'>,
  reason: string | null = null,
) {
  return {
    version: current.version + 1,
    record_status:
      change === 'entered-in-error' ? ('entered-in-error' as const) : ('current' as const),
    change,
    change_reason: reason,
    changed_by: user.id,
    changed_at: sql<Date>`now()`,
  };
}

/**
 * Run a correction's checks (the kind's creation checks on the corrected record): a refusal
 * naming a field of the record names it under `changes.` as the body does.
 */
export async function checkingChanges<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof Problem) && !isMicrocoreError(error)) throw error;
    const problem = toProblem(error);
    const errors = problem.extra.errors;
    if (problem.kind !== 'validation' || !errors) throw error;
    const named = errors.map((e) => ({ field: `changes.${e.field}`, message: e.message }));
    throw new Problem('validation', named.map((e) => `${e.field}: ${e.message}`).join('; '), {
      ...problem.extra,
      errors: named,
    });
  }
}

/** One version in a record's history. */
export function historyEntrySchema(record: z.ZodType) {
  return z.object({
    version: z.number().int(),
    recordStatus: z.enum(RECORD_STATUSES),
    change: z.enum(RECORD_CHANGES).describe('what made this version'),
    reason: z.string().nullable().describe('why: given for a correction and a strike-out'),
    changedBy: z.uuid().nullable().describe('the user who made this version'),
    changedAt: z.string().describe('when (ISO 8601)'),
    record: record.describe('the whole record as it read at this version'),
  });
}

/** Every version of a record, oldest first; [] when the patient has no such record. */
export async function recordHistory<Json>(
  tx: Tx,
  table: RecordTable,
  clinicId: string,
  patientId: string,
  recordId: string,
  toJson: (row: never) => Json,
) {
  const rows = await tx
    .selectFrom('record_versions')
    .selectAll()
    .where('clinic_id', '=', clinicId)
    .where('patient_id', '=', patientId)
    .where('record_table', '=', table)
    .where('record_id', '=', recordId)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({
    version: row.version,
    recordStatus: row.record_status,
    change: row.change,
    reason: row.change_reason,
    changedBy: row.changed_by,
    changedAt: new Date(row.changed_at).toISOString(),
    record: toJson({
      ...(row.record as object),
      version: row.version,
      record_status: row.record_status,
    } as never),
  }));
}
