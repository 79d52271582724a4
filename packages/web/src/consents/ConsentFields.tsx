import { Group, NativeSelect } from '@mantine/core';
import type { FieldsProps } from '../forms/fieldsProps';
import { TextField } from '../forms/TextField';
import { CONSENT_SCOPES, SCOPE_LABELS } from './consentChoices';

/** A consent's fields as typed ('' for a scope not chosen). */
export interface ConsentValues {
  scope: string;
  date: string;
}

export const CONSENT_NOUNS = { scope: 'scope of the consent', date: 'day consent was given' };

/** A consent's scope and day, as recorded and as corrected; the refusals beside each. */
export function ConsentFields({
  values,
  onChange,
  errors,
  inputId,
}: FieldsProps<ConsentValues> & {}) {
  return (
    <Group grow align="flex-start">
      <NativeSelect
        id={inputId('scope')}
        label="Scope"
        withAsterisk
        value={values.scope}
        onChange={(e) => onChange({ ...values, scope: e.currentTarget.value })}
        error={errors.scope}
        data={[
          { value: '', label: 'Choose…' },
          ...CONSENT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] })),
        ]}
      />
      <TextField
        id={inputId('date')}
        type="date"
        label="Given on"
        required
        value={values.date}
        onChange={(text) => onChange({ ...values, date: text })}
        error={errors.date}
      />
    </Group>
  );
}
