import { z } from 'zod';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details');

/** Error responses every protected route may give (documented in the OpenAPI). */
export const commonErrors = {
  401: problemSchema,
  403: problemSchema,
  422: problemSchema,
};

export const idParams = z.object({ id: z.string().max(64) });

/**
 * A date field: YYYY-MM-DD and a real calendar date (2026-02-30 is refused), then the field's own
 * rule (`more`, returning a reason or undefined). One message, the first that fails.
 */
export function dateText(description: string, more: (text: string) => string | undefined) {
  return z
    .string()
    .describe(description)
    .check((ctx) => {
      const text = ctx.value;
      const date = new Date(`${text}T00:00:00Z`);
      const message = !/^\d{4}-\d{2}-\d{2}$/.test(text)
        ? 'use YYYY-MM-DD'
        : Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text
          ? 'not a calendar date'
          : more(text);
      if (message) ctx.issues.push({ code: 'custom', message, input: text });
    });
}

/** A calendar date, YYYY-MM-DD (2026-02-30 is refused), from 1900 on. */
export const calendarDate = dateText('a calendar date, YYYY-MM-DD', (text) =>
  text < '1900-01-01' ? 'must be 1900-01-01 or later' : undefined,
);
