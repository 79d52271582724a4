import { sameValue } from './sameValue';

/**
 * The fields of a correction: those of `edited` whose value differs from `current`, both being
 * the creation body the record's form makes (so "as recorded" and "as typed" read alike). A
 * field the edited body leaves out (a choice cleared) is not sent: a correction names what
 * changes to what, and the API keeps every field not named.
 */
export function changedFields(
  current: Readonly<Record<string, unknown>>,
  edited: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(edited).filter(
      ([field, value]) => value !== undefined && !sameValue(current[field], value),
    ),
  );
}
