import type { ReactNode } from 'react';
import type { FieldsProps } from '../forms/fieldsProps';

/**
 * What one kind of record brings to the shared corrections components: its own form's fields
 * and values, and the words for its fields in the history. The components do the rest alike for
 * every kind.
 */
export interface CorrectionSpec<Values extends object, Record> {
  /** The record as its form's values (a correction opens filled with them). */
  valuesOf: (record: Record) => Values;
  /** The body the values make, as at creation; a correction sends the fields that differ. */
  toBody: (values: Values) => { [field: string]: unknown };
  /** How running text names each field of the body the values make (for the refusals). */
  nouns: (values: Values) => Readonly<{ [field: string]: string }>;
  /** The record's own fields (the same as when it is recorded). */
  fields: (props: FieldsProps<Values>) => ReactNode;
  /** The history's words for a field, and for its value when the plain words will not do. */
  fieldLabel: (field: string) => string;
  valueLabel?: (field: string, value: unknown) => string | undefined;
}

/** The history's part of a spec (a struck-out record keeps its history, not its form). */
export type HistoryWords = Pick<CorrectionSpec<object, unknown>, 'fieldLabel' | 'valueLabel'>;
