/**
 * Every error a user can cause carries a stable `code` (for the API's problem+json `type` and for
 * tests) and a message a clinician or engineer can act on: what is wrong, and what to do.
 */
export type MicrocoreErrorCode =
  | 'needle.unknown-gauge'
  | 'needle.core-at-or-above-scar-threshold'
  | 'coverage.out-of-range'
  | 'coverage.window-above-ceiling'
  | 'bridge.out-of-range'
  | 'zone.unknown'
  | 'zone.none-selected'
  | 'template.invalid'
  | 'scale.invalid'
  | 'plan.invalid-input'
  | 'plan.too-large'
  | 'exclusion.invalid'
  | 'simulation.invalid-input'
  | 'simulation.invalid-plan'
  | 'date.invalid'
  | 'candidacy.invalid-input'
  | 'candidacy.missing-answer'
  | 'candidacy.unknown-answer'
  | 'series.invalid-input'
  | 'series.interval-below-minimum'
  | 'calendar.invalid-input'
  | 'evidence.invalid-input'
  | 'evidence.invalid-date'
  | 'deidentify.invalid-key'
  | 'sample-size.invalid-input'
  | 'cohort.invalid-input'
  | 'fhir.invalid-input'
  | 'delivery.invalid-plan';

export class MicrocoreError extends Error {
  override readonly name = 'MicrocoreError';
  constructor(
    readonly code: MicrocoreErrorCode,
    message: string,
    /** The input field the error is about, as a dotted path (`zones[2].polygon`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function isMicrocoreError(error: unknown): error is MicrocoreError {
  return error instanceof MicrocoreError;
}
