import { api } from '../api/client';
import { readProblem, retryAfterSeconds } from '../api/problem';
import type { Me } from '../api/types';

/**
 * One sign-in attempt and what came of it. The server sets the HttpOnly session cookie; its
 * answer also carries a token for scripts, which is never read here: nothing the page's scripts
 * can reach may hold the session.
 */
export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly user: Me }
  /** The email and password open accounts in several clinics: choose one and send again. */
  | { readonly kind: 'choose-clinic'; readonly clinics: readonly ClinicChoice[] }
  | { readonly kind: 'wrong-credentials' }
  | {
      readonly kind: 'too-many';
      readonly retryAfterSeconds: number | undefined;
      /** Locked for new devices (many failures), not only slowed down. */
      readonly locked: boolean;
    }
  | { readonly kind: 'invalid'; readonly fields: Readonly<Record<string, string>> }
  | { readonly kind: 'failed'; readonly status: number };

export interface ClinicChoice {
  readonly id: string;
  readonly name: string;
}

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
  readonly clinicId?: string;
}

/** What an answer to POST /api/auth/login means (pure: the status, body and Retry-After). */
export function signInOutcome(
  status: number,
  body: unknown,
  retryAfter: string | null,
): SignInOutcome {
  const object = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (status === 200 && typeof object.user === 'object' && object.user !== null)
    return { kind: 'signed-in', user: object.user as Me };
  const problem = readProblem(status, body);
  if (status === 409 && problem.code === 'clinic-required' && Array.isArray(object.clinics)) {
    const clinics = object.clinics.filter(
      (c): c is ClinicChoice =>
        typeof c === 'object' &&
        c !== null &&
        typeof c.id === 'string' &&
        typeof c.name === 'string',
    );
    if (clinics.length > 0) return { kind: 'choose-clinic', clinics };
  }
  if (status === 401) return { kind: 'wrong-credentials' };
  if (status === 429)
    return {
      kind: 'too-many',
      retryAfterSeconds: retryAfterSeconds(retryAfter),
      locked: /new devices/.test(problem.detail),
    };
  if (status === 422) {
    const fields: Record<string, string> = {};
    for (const { field, message } of problem.errors) fields[field] ??= message;
    return { kind: 'invalid', fields };
  }
  return { kind: 'failed', status };
}

export async function requestSignIn(request: SignInRequest): Promise<SignInOutcome> {
  try {
    const { data, error, response } = await api.POST('/api/auth/login', {
      body: {
        email: request.email,
        password: request.password,
        ...(request.clinicId ? { clinicId: request.clinicId } : {}),
      },
    });
    // Only the user is kept from a success; the token in `data` goes no further.
    const body = response.ok ? { user: data?.user } : error;
    return signInOutcome(response.status, body, response.headers.get('retry-after'));
  } catch {
    return { kind: 'failed', status: 0 };
  }
}
