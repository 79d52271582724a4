import { Group, NativeSelect, Textarea } from '@mantine/core';
import type { TreatmentSession } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import type { FieldsProps } from '../forms/fieldsProps';
import { TextField } from '../forms/TextField';
import {
  ADVERSE_EVENT_TYPES,
  RELATEDNESS,
  RELATEDNESS_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  TYPE_LABELS,
} from './adverseEventChoices';
import {
  type AdverseEventFormValues,
  ADVERSE_EVENT_FIELD_LABELS as LABELS,
} from './adverseEventFormValues';

const CHOOSE = { value: '', label: 'Choose…' };

/** An adverse event's fields, as recorded and as corrected; the refusals beside each. */
export function AdverseEventFields({
  values,
  onChange,
  errors,
  inputId,
  sessions,
}: FieldsProps<AdverseEventFormValues> & {
  sessions: readonly TreatmentSession[];
}) {
  const set = (field: keyof AdverseEventFormValues) => (value: string) =>
    onChange({ ...values, [field]: value });
  const select = (
    field: keyof AdverseEventFormValues,
    data: { value: string; label: string }[],
    required = true,
  ) => (
    <NativeSelect
      id={inputId(field)}
      label={LABELS[field]}
      withAsterisk={required}
      value={values[field]}
      onChange={(e) => set(field)(e.currentTarget.value)}
      error={errors[field]}
      data={data}
    />
  );
  const date = (
    field: 'onsetDate' | 'resolutionDate',
    props: { required?: boolean; description?: string },
  ) => (
    <TextField
      id={inputId(field)}
      type="date"
      label={LABELS[field]}
      value={values[field]}
      onChange={(text) => set(field)(text)}
      error={errors[field]}
      {...props}
    />
  );
  return (
    <>
      {select('type', [
        CHOOSE,
        ...ADVERSE_EVENT_TYPES.map((type) => ({ value: type, label: TYPE_LABELS[type] })),
      ])}
      <Textarea
        id={inputId('description')}
        label={LABELS.description}
        description="What happened; required for Other"
        autosize
        minRows={2}
        value={values.description}
        onChange={(e) => set('description')(e.currentTarget.value)}
        error={errors.description}
      />
      <Group grow align="flex-start">
        {date('onsetDate', { required: true })}
        {date('resolutionDate', { description: 'Empty while it lasts' })}
      </Group>
      <Group grow align="flex-start">
        {select('severity', [
          CHOOSE,
          ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
        ])}
        {select('relatedness', [
          CHOOSE,
          ...RELATEDNESS.map((r) => ({ value: r, label: RELATEDNESS_LABELS[r] })),
        ])}
      </Group>
      {select(
        'sessionId',
        [
          { value: '', label: 'None recorded' },
          ...sessions.map((s) => ({
            value: s.id,
            label: `Session of ${formatCalendarDate(s.date)} (${s.operator})`,
          })),
        ],
        false,
      )}
    </>
  );
}
