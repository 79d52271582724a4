import { rangeText, SAMPLE_SIZE_LIMITS, type SampleSizeRange } from '@microcore/core';

/**
 * The sample-size calculator's two designs and their fields, each with the range the API accepts
 * (the core's SAMPLE_SIZE_LIMITS: the same object the server's query schema is built from, so the
 * form states exactly the ranges a 422 would name).
 */
export type Design = 'upper-bound' | 'two-proportions';

export interface SampleSizeField {
  readonly name: string;
  readonly label: string;
  /** How running text names it (the 422's sentence). */
  readonly noun: string;
  readonly range: SampleSizeRange;
  /** Filled in at first: the study issue 5 asked about (hyperpigmentation in V–VI). */
  readonly initial: string;
  readonly optional: boolean;
}

export const DESIGNS: readonly { value: Design; label: string; question: string }[] = [
  {
    value: 'upper-bound',
    label: 'Upper bound on a rate',
    question:
      'How many patients, so that the upper confidence bound on an adverse-event rate stays below a limit?',
  },
  {
    value: 'two-proportions',
    label: 'Two groups compared',
    question: 'How many patients per group, to detect a difference between two rates?',
  },
];

const L = SAMPLE_SIZE_LIMITS;

export const FIELDS: Record<Design, readonly SampleSizeField[]> = {
  'upper-bound': [
    {
      name: 'expectedRate',
      label: 'Expected rate',
      noun: 'expected rate',
      range: L.expectedRate,
      initial: '0.02',
      optional: false,
    },
    {
      name: 'maxUpperBound',
      label: 'Upper bound to show',
      noun: 'upper bound',
      range: L.maxUpperBound,
      initial: '0.1',
      optional: false,
    },
    {
      name: 'oneSidedAlpha',
      label: 'One-sided alpha',
      noun: 'one-sided alpha',
      range: L.oneSidedAlpha,
      initial: '0.05',
      optional: true,
    },
  ],
  'two-proportions': [
    {
      name: 'rate1',
      label: 'Rate in group 1 (e.g. Fitzpatrick I–IV)',
      noun: 'rate in group 1',
      range: L.rate,
      initial: '0.05',
      optional: false,
    },
    {
      name: 'rate2',
      label: 'Rate in group 2 (e.g. Fitzpatrick V–VI)',
      noun: 'rate in group 2',
      range: L.rate,
      initial: '0.15',
      optional: false,
    },
    {
      name: 'alpha',
      label: 'Two-sided alpha',
      noun: 'two-sided alpha',
      range: L.alpha,
      initial: '0.05',
      optional: true,
    },
    {
      name: 'power',
      label: 'Power',
      noun: 'power',
      range: L.power,
      initial: '0.8',
      optional: true,
    },
  ],
};

/** "Between 0.001 and 0.5 (why)", as the API's schema says it, as a sentence. */
export function rangeHint(field: SampleSizeField): string {
  const text = rangeText(field.range);
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${field.optional ? '; may be left empty for the default' : ''}.`;
}

/**
 * The query for the API: each field as typed (the server judges it and names the field in a
 * 422), an empty one left out. Text that is not a number goes as it is, so the refusal is the
 * server's, in its words.
 */
export function sampleSizeQuery(
  design: Design,
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  const query: Record<string, string> = { design };
  for (const field of FIELDS[design]) {
    const text = (values[field.name] ?? '').trim();
    if (text !== '') query[field.name] = text.replace(',', '.');
  }
  return query;
}

export const initialValues = (): Record<string, string> =>
  Object.fromEntries(
    Object.values(FIELDS)
      .flat()
      .map((f) => [f.name, f.initial]),
  );
