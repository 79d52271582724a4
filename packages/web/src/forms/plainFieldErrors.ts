import type { FieldProblem } from '../api/problem';
import { formatCalendarDate, formatNumber } from '../format/locale';

/**
 * A 422's field errors in plain words, beside their fields. The server's messages are short and
 * technical ("must be in the past (today is 2026-03-02)", zod's "Too big: expected string to have
 * <=200 characters"); each known one becomes a sentence that says what to do, with dates and
 * numbers in the reader's locale. A message not recognised is still shown, as a sentence.
 */

export interface PlainFieldErrors {
  /** By field name, for the fields the form has. */
  readonly byField: Readonly<Record<string, string>>;
  /** Sentences for fields the form does not have (shown above the form, never dropped). */
  readonly other: readonly string[];
}

type Rule = readonly [RegExp, (match: RegExpExecArray, noun: string, locale?: string) => string];

const RULES: readonly Rule[] = [
  [/^required$/i, (_m, noun) => `Enter the ${noun}.`],
  // A choice not made: the field was left out of the body.
  [/received undefined$/, (_m, noun) => `Choose the ${noun}.`],
  [/^invalid option/i, (_m, noun) => `Choose the ${noun}.`],
  [/^too small: expected string to have >=1 characters?$/i, (_m, noun) => `Enter the ${noun}.`],
  [
    /^too big: expected string to have <=(\d+) characters?$/i,
    (m, _noun, locale) => `Use at most ${formatNumber(Number(m[1]), {}, locale)} characters.`,
  ],
  [/^invalid email/i, () => 'Enter an email address such as name@example.org, or leave it empty.'],
  [/^use YYYY-MM-DD$/, (_m, noun) => `Enter the ${noun}: day, month and year.`],
  [/^not a calendar date$/, () => 'That day does not exist: check the day and the month.'],
  [/^must be in (\d{4}) or later$/, (m) => `Enter a date in ${m[1]} or later.`],
  [
    /^must be in the past \(today is (\d{4}-\d{2}-\d{2})\)$/,
    (m, noun, locale) => `The ${noun} must be before today (${formatCalendarDate(m[1], locale)}).`,
  ],
  [
    /^must be within the last (\d+) years$/,
    (m, noun) => `The ${noun} must be within the last ${m[1]} years.`,
  ],
  [
    /^digits, spaces and \+ \( \) \. \/ - only$/,
    () => 'Use digits, spaces and + ( ) . / - only, for example +44 20 7946 0018.',
  ],
  [/^unknown field$/, (_m, noun) => `The ${noun} is not a field this form may send.`],
  // The clinical records' date rules (records/fields.ts, adverseEvent.ts, consent.ts).
  [
    /^is in the future \(today is (\d{4}-\d{2}-\d{2}) in the clinic\)$/,
    (m, noun, locale) =>
      `The ${noun} cannot be after today (${formatCalendarDate(m[1], locale)} in the clinic).`,
  ],
  [
    /^is before (the .+) \((\d{4}-\d{2}-\d{2})\)$/,
    (m, noun, locale) =>
      `The ${noun} cannot be before ${m[1]} (${formatCalendarDate(m[2], locale)}).`,
  ],
  [
    /^required when type is "other"$/,
    () => 'Describe what happened: needed when the type is Other.',
  ],
];

/**
 * One server message about a field, as a sentence. `noun` names the field as running text does
 * ("birth date", "Fitzpatrick skin type").
 */
export function plainMessage(message: string, noun: string, locale?: string): string {
  const text = message.trim();
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(text);
    if (match) return say(match, noun, locale);
  }
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/**
 * The field errors of a 422 for a form whose fields are `nouns` (field name → how running text
 * names it). The first message of each field is kept (the server sends the first rule that
 * fails); a field the form does not have is said above it, never dropped.
 */
export function plainFieldErrors(
  errors: readonly FieldProblem[],
  nouns: Readonly<Record<string, string>>,
  locale?: string,
): PlainFieldErrors {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const { field, message } of errors) {
    const noun = Object.hasOwn(nouns, field) ? nouns[field] : undefined;
    if (noun === undefined) other.push(`${field}: ${plainMessage(message, field, locale)}`);
    else byField[field] ??= plainMessage(message, noun, locale);
  }
  return { byField, other };
}
