import { Problem } from './problems.js';

/**
 * The errors Fastify's router raises before any route runs (its `frameworkErrors` option), as
 * problems: a path parameter longer than any id of ours (414), a path that does not decode (400).
 */
export function frameworkProblem(error: { code?: string; message: string }): Problem {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new Problem(
      'uri-too-long',
      'a segment of the path is longer than any id of this API; check the URL',
    );
  if (error.code === 'FST_ERR_BAD_URL')
    return new Problem(
      'malformed-url',
      'the path holds a percent-encoding that does not decode; check the URL',
    );
  return new Problem('malformed-url', 'the request could not be routed; check the URL');
}
