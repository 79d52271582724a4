import { waitInWords } from '../format/waitInWords';
import type { SignInOutcome } from './signInRequest';

/** What the sign-in form says when an attempt did not sign in (undefined: nothing to say). */
export function signInMessage(outcome: SignInOutcome, locale?: string): string | undefined {
  switch (outcome.kind) {
    case 'wrong-credentials':
      return 'The email or the password is wrong. Check both and try again.';
    case 'too-many': {
      const wait =
        outcome.retryAfterSeconds === undefined
          ? 'a while'
          : waitInWords(outcome.retryAfterSeconds, locale);
      return outcome.locked
        ? `Too many failed sign-ins for this email from new devices. Sign in from a device you have used before, or ask your clinic's admin to clear the lock. Otherwise, try again in ${wait} at the earliest.`
        : `Too many failed sign-ins. Wait ${wait}, then try again.`;
    }
    case 'failed':
      return outcome.status === 0
        ? 'The server cannot be reached. Check the connection, then try again.'
        : `The server could not sign you in (error ${outcome.status}). Try again shortly.`;
    default:
      return undefined;
  }
}
