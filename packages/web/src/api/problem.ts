/**
 * The API's refusals: RFC 9457 problem details (the server's http/problems.ts), turned into one
 * error the screens can read. `errors` names the fields of a 422.
 */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails,
    /** The answer's Retry-After in seconds, when it said one (429, 503). */
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(problem.detail || problem.title || `HTTP ${status}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** The problem in an answer's parsed body, whatever the body held. */
export function readProblem(status: number, body: unknown): ProblemDetails {
  const object = isObject(body) ? body : {};
  const text = (key: string) => (typeof object[key] === 'string' ? object[key] : '');
  const errors = Array.isArray(object.errors)
    ? object.errors.filter(
        (e): e is FieldProblem =>
          isObject(e) && typeof e.field === 'string' && typeof e.message === 'string',
      )
    : [];
  return {
    status,
    code: text('code') || `http-${status}`,
    title: text('title'),
    detail: text('detail'),
    errors,
  };
}

/** Retry-After as seconds (the server sends whole seconds; an HTTP date is read too). */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** openapi-fetch's { data, error, response }: the data, or an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { response } = result;
  if (response.ok) return result.data as T;
  throw new ApiError(
    response.status,
    readProblem(response.status, result.error),
    retryAfterSeconds(response.headers.get('retry-after')),
  );
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 404;
