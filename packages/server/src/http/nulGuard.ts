import { fieldFromPath } from './errors.js';
import { Problem } from './problems.js';

/**
 * PostgreSQL text and jsonb cannot hold the NUL character (U+0000): a string carrying one would
 * reach the database and fail there as a 500. Refuse it up front, as 422 naming the field, for
 * every JSON body and query string (keys too).
 */
export function refuseNul(value: unknown, where: 'body' | 'query'): void {
  const path = findNul(value, []);
  if (path)
    throw new Problem('validation', `invalid ${where}: a text holds a NUL character`, {
      errors: [
        { field: fieldFromPath(path) || where, message: 'may not contain the NUL character' },
      ],
    });
}

function findNul(value: unknown, path: (string | number)[]): (string | number)[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = findNul(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
