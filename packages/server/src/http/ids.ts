import { z } from 'zod';

/** A UUID in its 8-4-4-4-12 form, in either case: the only id form the API accepts. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one spelling of an id inside the server: lower case, as PostgreSQL writes a uuid. Every id a
 * client sends (in a path, a body or a query) is parsed into this form at the edge, so no
 * comparison anywhere (`id === user.id`, a Map lookup, a cache key) can see two spellings of one
 * id. Undefined when `text` is not a UUID at all.
 */
export function canonicalId(text: string): string | undefined {
  return UUID.test(text) ? text.toLowerCase() : undefined;
}

/** A zod string that must be a UUID and comes out canonical. */
const uuidText = () =>
  z
    .string()
    .max(64)
    .transform((text, ctx) => {
      const id = canonicalId(text);
      if (id === undefined) {
        ctx.issues.push({ code: 'custom', message: 'not an id (a UUID)', input: text });
        return z.NEVER;
      }
      return id;
    });

/**
 * A path parameter that names a record. A malformed one names nothing: the error handler answers
 * a failed params check with 404, the same as an unknown id (`http/errors.ts`).
 */
export const idParam = uuidText();

/** An id the client names in a body or a query: a UUID, made canonical (whose it is, the handler checks). */
export const bodyId = uuidText().describe('a UUID');
