import { isMicrocoreError } from '@microcore/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from './databaseUnavailable.js';
import { type FieldError, Problem, type ProblemKind } from './problems.js';

/** `/zones/0/x` → `zones[0].x`: the same dotted path the core uses in its errors. */
export function fieldFromPath(path: readonly (string | number)[]): string {
  let field = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) field += `[${segment}]`;
    else field += field ? `.${segment}` : String(segment);
  }
  return field;
}

interface ValidationIssue {
  instancePath: string;
  message: string;
  keyword: string;
  params: { keys?: string[] };
}

const FASTIFY_CODES: Record<string, ProblemKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-body',
};

/** Turn anything thrown while handling a request into a Problem (never a stack trace). */
export function toProblem(error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body';
    // A path whose id is not an id names nothing: the same 404 as an unknown id.
    if (where === 'params')
      return new Problem('not-found', 'no such resource: the path holds no valid id');
    const errors: FieldError[] = [];
    for (const issue of error.validation as unknown as ValidationIssue[]) {
      const path = issue.instancePath.split('/').filter((s) => s.length > 0);
      if (issue.keyword === 'unrecognized_keys' && issue.params.keys) {
        for (const key of issue.params.keys)
          errors.push({ field: fieldFromPath([...path, key]), message: 'unknown field' });
      } else {
        errors.push({ field: fieldFromPath(path) || where, message: issue.message });
      }
    }
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return new Problem(
      'validation',
      `invalid ${where === 'querystring' ? 'query' : where}: ${detail}`,
      {
        errors,
      },
    );
  }
  if (isMicrocoreError(error)) {
    return new Problem('validation', error.message, {
      code: error.code,
      errors: [{ field: error.field ?? 'body', message: error.message }],
    });
  }
  const fastifyError = error as Partial<FastifyError> & { status?: number };
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new Problem(mapped, fastifyError.message ?? mapped);
  if (error instanceof SyntaxError && fastifyError.statusCode === 400)
    return new Problem('malformed-body', 'the body is not valid JSON');
  const status = fastifyError.statusCode ?? fastifyError.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const kind: ProblemKind =
      status === 401
        ? 'unauthenticated'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'not-found'
            : status === 413
              ? 'payload-too-large'
              : status === 415
                ? 'unsupported-media-type'
                : status === 429
                  ? 'too-many-requests'
                  : 'malformed-body';
    return new Problem(kind, fastifyError.message ?? kind);
  }
  if (isDatabaseUnavailable(error))
    return new Problem(
      'unavailable',
      'the database cannot serve this request now; send it again shortly',
      {
        headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
      },
    );
  return new Problem('internal', 'an internal error occurred; it has been logged');
}

/** What a 503 asks a client to wait before sending the request again. */
const RETRY_AFTER_SECONDS = 5;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  for (const [name, value] of Object.entries(problem.extra.headers ?? {}))
    reply.header(name, value);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problem.body(request.url.split('?')[0]));
}
