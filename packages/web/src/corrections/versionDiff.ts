import { sameValue } from './sameValue';

/** One field as one version changed it. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** Fields every record carries that say which version it is, not what it records. */
const BOOKKEEPING = new Set(['id', 'patientId', 'version', 'recordStatus', 'createdAt']);

/** What changed from one version of a record to the next, field by field, in the record's order. */
export function versionDiff(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((field) => !BOOKKEEPING.has(field) && !sameValue(before[field], after[field]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/** The fields a record shows as recorded (its whole content, the bookkeeping left out). */
export function recordFields(record: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(record).filter(([field]) => !BOOKKEEPING.has(field));
}

/** A version of a record as the history lists it. */
export interface Version<R = Record<string, unknown>> {
  readonly version: number;
  readonly recordStatus: 'current' | 'entered-in-error';
  readonly change: string;
  readonly reason: string | null;
  readonly changedBy: string | null;
  readonly changedAt: string;
  readonly record: R;
}

/** Each version with what it changed from the one before (none for the first: the original). */
export function describeHistory<R extends Record<string, unknown>>(
  versions: readonly Version<R>[],
): (Version<R> & { readonly changes: FieldChange[] })[] {
  return versions.map((version, i) => ({
    ...version,
    changes: i === 0 ? [] : versionDiff(versions[i - 1].record, version.record),
  }));
}
