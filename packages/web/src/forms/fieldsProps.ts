/**
 * What a record's fields component takes: its values as typed, the change, the refusals by field
 * and the inputs' ids. The same fields serve recording a record and correcting it.
 */
export interface FieldsProps<Values> {
  values: Values;
  onChange: (values: Values) => void;
  errors: Readonly<Record<string, string>>;
  inputId: (field: string) => string;
}
