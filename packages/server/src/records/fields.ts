import {
  type AdverseEventSeverity,
  type AdverseEventType,
  type Anaesthesia,
  type ConsentScope,
  DEFAULT_TEMPLATE,
  type Relatedness,
} from '@microcore/core';
import { z } from 'zod';
import { type FieldError, Problem } from '../http/problems.js';

/**
 * The fields and rules that several record kinds share: dates, the enums of the core's
 * records/types.ts, the template's zone ids, and one way to refuse with every field's reason.
 */

/**
 * A date field: YYYY-MM-DD and a real calendar date (2026-02-30 is refused), then the field's own
 * rule (`more`, returning a reason or undefined). One message, the first that fails. Rules that
 * depend on the clinic's today are checked by the route (`notAfterToday`), which knows the clinic.
 */
export function dateText(description: string, more: (text: string) => string | undefined) {
  return z
    .string()
    .describe(description)
    .check((ctx) => {
      const text = ctx.value;
      const date = new Date(`${text}T00:00:00Z`);
      const message = !/^\d{4}-\d{2}-\d{2}$/.test(text)
        ? 'use YYYY-MM-DD'
        : Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text
          ? 'not a calendar date'
          : more(text);
      if (message) ctx.issues.push({ code: 'custom', message, input: text });
    });
}

const EARLIEST_YEAR = 1900;

/** A calendar date, YYYY-MM-DD (2026-02-30 is refused), from 1900 on. */
export const calendarDate = dateText('a calendar date, YYYY-MM-DD', (text) =>
  Number(text.slice(0, 4)) < EARLIEST_YEAR ? `must be in ${EARLIEST_YEAR} or later` : undefined,
);

/** The date of a clinical record: a calendar date from 1900 on, not after the clinic's today. */
export const recordDate = calendarDate.describe(
  "YYYY-MM-DD, a calendar date, not after today (the clinic's day, in its time zone)",
);

/** Refuse with 422 the date fields of `body` that lie after the clinic's `today`. */
export function refuseFutureDates(
  body: Record<string, unknown>,
  fields: readonly string[],
  today: string,
): void {
  const errors: FieldError[] = [];
  for (const field of fields) {
    const value = body[field];
    if (typeof value === 'string' && value > today)
      errors.push({ field, message: `is in the future (today is ${today} in the clinic)` });
  }
  if (errors.length > 0) refuse(errors);
}

export const notes = z.string().max(4000).nullable().optional();

/** A time of day on the clinic's clock, HH:MM on a 24-hour clock (09:30, 17:05). */
export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM on a 24-hour clock, 00:00–23:59')
  .describe("HH:MM, 24-hour, in the clinic's time zone");

/** Refuse with 422, naming every field and its reason; nothing has been written. */
export function refuse(errors: FieldError[]): never {
  throw new Problem('validation', errors.map((e) => `${e.field}: ${e.message}`).join('; '), {
    errors,
  });
}

/** The patient may get new records only while not archived. */
export function requireActive(patient: { archived_at: unknown }, what = 'add records'): void {
  if (patient.archived_at !== null)
    throw new Problem('conflict', `the patient is archived; restore them to ${what}`);
}

/**
 * A literal list that must hold every member of the union T: adding a member to the core's type
 * without adding it here fails the build, so the API and the database CHECKs stay in step.
 */
const everyOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : never)) =>
    values;

export const ANAESTHESIA = everyOf<Anaesthesia>()([
  'none',
  'topical',
  'local-infiltration',
  'nerve-block',
]);
export const ADVERSE_EVENT_TYPES = everyOf<AdverseEventType>()([
  'erythema',
  'oedema',
  'bruising',
  'hyperpigmentation',
  'hypopigmentation',
  'scarring',
  'infection',
  'other',
]);
export const SEVERITIES = everyOf<AdverseEventSeverity>()(['mild', 'moderate', 'severe']);
export const RELATEDNESS = everyOf<Relatedness>()([
  'not-related',
  'unlikely',
  'possible',
  'probable',
  'definite',
]);
export const CONSENT_SCOPES = everyOf<ConsentScope>()(['treatment', 'photography', 'research']);

/** The zone ids a record may name outside a plan (assessments, photos): the face template's. */
export const TEMPLATE_ZONE_IDS: readonly string[] = DEFAULT_TEMPLATE.zones.map((zone) => zone.id);

export const isoTime = (value: Date | string) => new Date(value).toISOString();
export const optionalNumber = (value: string | number | null) =>
  value === null ? null : Number(value);

/** `true` when A is assignable to B; a build error otherwise (A's JSON matches B's record). */
export type IsA<A extends B, B> = A extends B ? true : never;
