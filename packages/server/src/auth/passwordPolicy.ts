import type { FieldError } from '../http/problems.js';
import { PasswordStrength } from './passwordStrength.js';

/**
 * What a new password must be, in one place; every route that sets a password calls
 * `checkNewPassword` (today POST /api/users; the demo seed sets its own published password
 * directly and is the only path that may).
 *
 * Sources: NIST SP 800-63B §5.1.1.2 (check new passwords against commonly used and compromised
 * values, dictionary words, repetitive or sequential characters and context-specific words such
 * as the user name; no composition rules) and OWASP ASVS v4.0.3 §2.1 (at least 12 characters,
 * §2.1.1; checked against breached passwords, §2.1.7). The common passwords are those of
 * @zxcvbn-ts/language-common (about 49,000, most common first); zxcvbn also catches small
 * changes of them, keyboard walks, repeats, sequences and dates.
 */
export const PASSWORD_RULES = {
  minLength: 12,
  /** zxcvbn's score 0–4; 3 is "safely unguessable" online (≥ 10^8 guesses). */
  minScore: 3,
  /**
   * zxcvbn looks at this many characters at most, and tries this many look-alike substitutions
   * (4 for a, $ for s …) at most: its work grows fast with both (a worst case of 256 characters
   * took 300 ms). A longer password is judged by its start.
   */
  checkedLength: 64,
  maxSubstitutions: 20,
  /** An email local part this long or longer must not appear anywhere in the password. */
  minLocalPartToSearch: 4,
} as const;

export interface PasswordContext {
  /** The email of the user whose password it is. */
  readonly email: string;
  /** The demo users' password (MICROCORE_DEMO_PASSWORD): published, so never a real user's. */
  readonly demoPassword: string;
}

export interface PasswordRefusal extends FieldError {
  readonly code: string;
}

/** zxcvbn, off the event loop (passwordStrength.ts); one per process. */
const strength = new PasswordStrength({
  maxLength: PASSWORD_RULES.checkedLength,
  l33tMaxSubstitutions: PASSWORD_RULES.maxSubstitutions,
});

const refuse = (code: string, message: string): PasswordRefusal => ({
  field: 'password',
  message,
  code: `password.${code}`,
});

const COMMON_WARNINGS = new Set(['topTen', 'topHundred', 'common', 'similarToCommon']);
const PATTERN_ADVICE: Record<string, string> = {
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a pattern on the keyboard',
  simpleRepeat: 'it repeats characters',
  extendedRepeat: 'it repeats a group of characters',
  sequences: 'it is a sequence such as abc or 6543',
  recentYears: 'it is made of recent years',
  dates: 'it is made of a date',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is made of names',
  commonNames: 'it is made of common names',
  userInputs: 'it is made of the email or the product name',
};

/** Why the password may not be set, or undefined when it may. */
export async function checkNewPassword(
  password: string,
  context: PasswordContext,
): Promise<PasswordRefusal | undefined> {
  const advice = 'choose a passphrase of four or more unrelated words';
  if ([...password].length < PASSWORD_RULES.minLength)
    return refuse(
      'too-short',
      `use at least ${PASSWORD_RULES.minLength} characters; a passphrase of a few words is easiest`,
    );
  const folded = password.normalize('NFC').trim().toLowerCase();
  if (folded === context.demoPassword.normalize('NFC').trim().toLowerCase())
    return refuse('demo', `this is the published demo password; ${advice}`);
  const email = context.email.trim().toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  if (
    folded.includes(email) ||
    folded === localPart ||
    (localPart.length >= PASSWORD_RULES.minLocalPartToSearch && folded.includes(localPart))
  )
    return refuse(
      'contains-email',
      `it must not contain the user's email or its name part; ${advice}`,
    );
  const result = await strength.check(password, [
    email,
    localPart,
    ...(email.split('@')[1]?.split('.') ?? []),
    'microcore',
    context.demoPassword,
  ]);
  if (result.score >= PASSWORD_RULES.minScore) return undefined;
  const warning = result.warning ?? '';
  if (COMMON_WARNINGS.has(warning))
    return refuse(
      'common',
      `it is one of the most common passwords, or a small change of one; ${advice}`,
    );
  const why = PATTERN_ADVICE[warning];
  return refuse('guessable', `it is easy to guess${why ? ` (${why})` : ''}; ${advice}`);
}
