import { sameValue } from './sameValue';

/**
 * A form's values after the record changed underneath it (a 409): the current version's values,
 * with each field the user had edited (it differs from what they read) kept as they typed it. So
 * nothing typed is lost, and nothing the other change did is undone unless the user edited it too.
 */
export function mergeEdits<Values extends object>(
  read: Values,
  typed: Values,
  current: Values,
): Values {
  const merged = { ...current };
  for (const key of Object.keys(typed) as (keyof Values)[])
    if (!sameValue(read[key], typed[key])) merged[key] = typed[key];
  return merged;
}
