/**
 * RFC 9457 problem details with a small catalogue of stable problem types. `type` is a stable
 * URI; `code` repeats its last segment (or the core's own error code) for programs.
 */
export const PROBLEM_BASE = 'https://microcore.dev/problems/';

export const PROBLEMS = {
  'malformed-body': { status: 400, title: 'The request body is not well-formed' },
  'malformed-url': { status: 400, title: 'The URL is not well-formed' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'invalid-credentials': { status: 401, title: 'Email or password is wrong' },
  forbidden: { status: 403, title: 'Your role may not do this' },
  'not-found': { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'clinic-required': { status: 409, title: 'Choose the clinic to sign in to' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'uri-too-long': { status: 414, title: 'The URL is too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'upgrade-required': { status: 426, title: 'Connect with a WebSocket upgrade' },
  validation: { status: 422, title: 'Invalid input' },
  'too-many-requests': { status: 429, title: 'Too many attempts' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'The database is unavailable; try again shortly' },
  busy: { status: 503, title: 'The server is busy; try again shortly' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  /** RFC 9457 extension members of a problem type (e.g. clinic-required's `clinics`). */
  [member: string]: unknown;
}

export class Problem extends Error {
  readonly status: number;
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly extra: {
      errors?: FieldError[];
      code?: string;
      headers?: Record<string, string>;
      /** Members the problem type adds (RFC 9457 §3.2); they cannot replace the standard ones. */
      members?: Readonly<Record<string, unknown>>;
    } = {},
  ) {
    super(detail);
    this.status = PROBLEMS[kind].status;
  }

  body(instance?: string): ProblemBody {
    return {
      ...this.extra.members,
      type: `${PROBLEM_BASE}${this.kind}`,
      title: PROBLEMS[this.kind].title,
      status: this.status,
      detail: this.detail,
      code: this.extra.code ?? this.kind,
      ...(instance ? { instance } : {}),
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
    };
  }
}

export const notFound = (what = 'resource') => new Problem('not-found', `no such ${what}`);
export const invalid = (field: string, message: string, code?: string) =>
  new Problem('validation', `${field}: ${message}`, {
    errors: [{ field, message }],
    ...(code ? { code } : {}),
  });
