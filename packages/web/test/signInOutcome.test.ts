import { describe, expect, it } from 'vitest';
import { signInOutcome } from '../src/auth/signInRequest';
import { signInMessage } from '../src/auth/signInWords';

/** Answers as the server's POST /api/auth/login gives them (packages/server/src/auth/signIn.ts). */
const problem = (status: number, code: string, detail: string, more: object = {}) => ({
  type: `https://microcore.dev/problems/${code}`,
  title: code,
  status,
  code,
  detail,
  ...more,
});

describe('what a sign-in answer means', () => {
  it('keeps the user from a success and nothing else (never the token)', () => {
    const user = { id: 'u', email: 'a@b.c', role: 'clinician', clinicId: 'c' };
    const outcome = signInOutcome(200, { user }, null);
    expect(outcome).toEqual({ kind: 'signed-in', user });
    expect(JSON.stringify(outcome)).not.toContain('token');
  });

  it('asks for the clinic when the email and password open several', () => {
    const clinics = [
      { id: 'c1', name: 'North' },
      { id: 'c2', name: 'South' },
    ];
    const body = problem(409, 'clinic-required', 'choose', { clinics });
    expect(signInOutcome(409, body, null)).toEqual({ kind: 'choose-clinic', clinics });
  });

  it('says the email or password is wrong, without saying which', () => {
    const outcome = signInOutcome(401, problem(401, 'invalid-credentials', 'wrong'), null);
    expect(outcome).toEqual({ kind: 'wrong-credentials' });
    expect(signInMessage(outcome)).toBe(
      'The email or the password is wrong. Check both and try again.',
    );
  });

  it('says how long to wait after too many attempts, in words', () => {
    const slowed = signInOutcome(
      429,
      problem(429, 'too-many-requests', 'too many failed sign-ins; try again in 2 min'),
      '90',
    );
    expect(slowed).toEqual({ kind: 'too-many', retryAfterSeconds: 90, locked: false });
    expect(signInMessage(slowed, 'en-GB')).toBe(
      'Too many failed sign-ins. Wait 2 minutes, then try again.',
    );
    const locked = signInOutcome(
      429,
      problem(
        429,
        'too-many-requests',
        "too many failed sign-ins for this email from new devices; sign in from a device you have signed in from before, or ask your clinic's admin to clear the lock (try again in 5 min at the earliest)",
      ),
      '300',
    );
    expect(locked).toMatchObject({ locked: true, retryAfterSeconds: 300 });
    expect(signInMessage(locked, 'en-GB')).toMatch(/ask your clinic's admin.*5 minutes/);
  });

  it('puts a 422 on its fields, and anything else as a failure with its status', () => {
    const invalid = problem(422, 'validation', 'email: too short', {
      errors: [{ field: 'email', message: 'Too small: expected string to have >=3 characters' }],
    });
    expect(signInOutcome(422, invalid, null)).toEqual({
      kind: 'invalid',
      fields: { email: 'Too small: expected string to have >=3 characters' },
    });
    expect(signInOutcome(503, problem(503, 'busy', 'busy'), '5')).toEqual({
      kind: 'failed',
      status: 503,
    });
    expect(signInMessage({ kind: 'failed', status: 0 })).toMatch(/cannot be reached/);
  });
});
