import { ApiError } from '../api/problem';

/** A 409 because the record changed since it was read (not another conflict). */
export const isVersionConflict = (error: unknown): error is ApiError =>
  error instanceof ApiError && error.status === 409 && error.problem.code === 'version-conflict';

/** The field errors of a correction name `changes.<field>`; the form's fields know `<field>`. */
export function withoutChangesPrefix(
  errors: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field.replace(/^changes\./, ''), message]),
  );
}

/** The nouns of a correction's body: the record's fields under `changes.`, and the reason. */
export function correctionNouns(
  nouns: Readonly<Record<string, string>>,
  reason: string,
): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(nouns).map(([field, noun]) => [`changes.${field}`, noun])),
    reason,
  };
}
