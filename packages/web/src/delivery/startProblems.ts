import type { ProblemDetails } from '../api/problem';

/** The start form's fields that a refusal may name. */
export type StartField = 'anaesthesia' | 'seriesId' | 'intervalReason';
export const START_FIELDS: readonly StartField[] = ['anaesthesia', 'seriesId', 'intervalReason'];

/**
 * The server's refusal of a start, read for the form: each problem beside its field, the rest
 * (a plan that cannot be delivered, …) to be said above it. The interval rule names `date` — the
 * session's date, the clinic's today here, which the form does not ask — and is answered by the
 * reason for the shorter interval: it goes beside that field, which the form then shows.
 */
export function startProblems(problem: ProblemDetails): {
  byField: Partial<Record<StartField, string>>;
  other: string[];
} {
  const byField: Partial<Record<StartField, string>> = {};
  const other: string[] = [];
  for (const e of problem.errors) {
    const field =
      problem.code === 'series.interval-below-minimum' && e.field === 'date'
        ? 'intervalReason'
        : START_FIELDS.find((f) => e.field === f || e.field.startsWith(`${f}.`));
    if (field) byField[field] = e.message;
    else other.push(`${e.field}: ${e.message}`);
  }
  return { byField, other };
}
