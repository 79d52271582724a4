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
