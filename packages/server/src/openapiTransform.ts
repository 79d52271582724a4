import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** A body that is not JSON (an image upload), as a route declares it in `config.rawBody`. */
export interface RawBody {
  /** The media types the route accepts; each is documented as binary bytes. */
  readonly mediaTypes: readonly string[];
}

type Schema = Record<string, unknown>;

/**
 * Each route's schemas as the OpenAPI document shows them: zod to JSON Schema (the type
 * provider's own transform), then two things the route's schema cannot say for Fastify:
 * - every error answer (4xx, 5xx) is `application/problem+json`, as errors.ts sends it, so a
 *   client generated from the document expects the media type it will get;
 * - a raw (non-JSON) body is a `requestBody` of binary bytes. It cannot be a `schema.body`:
 *   Fastify would then validate the bytes against it.
 * Only the document changes; what Fastify validates and serialises stays as the route says.
 */
export const documentRoute: SwaggerTransform = (input) => {
  const transformed = jsonSchemaTransform(input) as { schema: Schema; url: string };
  const schema: Schema = { ...transformed.schema };
  const response = schema.response as Record<string, Schema> | undefined;
  if (response) schema.response = asProblemJson(response);
  const rawBody = input.route.config?.rawBody;
  if (rawBody) {
    const binary = { type: 'string', format: 'binary' };
    schema.body = {
      content: Object.fromEntries(rawBody.mediaTypes.map((type) => [type, { schema: binary }])),
    };
  }
  return { ...transformed, schema };
};

function asProblemJson(responses: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(
    Object.entries(responses).map(([status, body]) => {
      const isError = /^[45]/.test(status);
      if (!isError || 'content' in body) return [status, body];
      return [
        status,
        {
          description: body.description,
          content: { 'application/problem+json': { schema: body } },
        },
      ];
    }),
  );
}
