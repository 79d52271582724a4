import {
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { NewAdverseEvent, TreatmentSession } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import {
  ADVERSE_EVENT_TYPES,
  RELATEDNESS,
  RELATEDNESS_LABELS,
  SEVERITIES,
  SEVERITY_LABELS,
  TYPE_LABELS,
} from './adverseEventChoices';
import {
  ADVERSE_EVENT_FIELD_NOUNS,
  ADVERSE_EVENT_FIELDS,
  type AdverseEventFormValues,
  adverseEventBody,
  EMPTY_ADVERSE_EVENT,
  ADVERSE_EVENT_FIELD_LABELS as LABELS,
} from './adverseEventFormValues';

const CHOOSE = { value: '', label: 'Choose…' };
const inputId = (field: string) => `adverse-event-${field}`;

/** Record an adverse event; the server's refusals are shown beside their fields. */
export function AdverseEventForm({
  patientId,
  sessions,
}: {
  patientId: string;
  sessions: readonly TreatmentSession[];
}) {
  const [values, setValues] = useState(EMPTY_ADVERSE_EVENT);
  const problems = useFieldProblems({
    nouns: ADVERSE_EVENT_FIELD_NOUNS,
    fields: ADVERSE_EVENT_FIELDS,
    inputId,
  });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (body: NewAdverseEvent) =>
      unwrap(
        await api.POST('/api/patients/{id}/adverse-events', {
          params: { path: { id: patientId } },
          body,
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      setValues(EMPTY_ADVERSE_EVENT);
      await queryClient.invalidateQueries({ queryKey: recordKeys.adverseEvents(patientId) });
    },
    onError: (error) => problems.show(error, 'The adverse event was not recorded'),
  });
  const set = (field: keyof AdverseEventFormValues) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!save.isPending) save.mutate(adverseEventBody(values));
  };
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
      error={problems.errors[field]}
      data={data}
    />
  );
  const date = (field: 'onsetDate' | 'resolutionDate', props: Record<string, unknown>) => (
    <TextInput
      id={inputId(field)}
      type="date"
      label={LABELS[field]}
      value={values[field]}
      onChange={(e) => set(field)(e.currentTarget.value)}
      error={problems.errors[field]}
      {...props}
    />
  );
  const title = 'Record an adverse event';
  return (
    <Card withBorder component="section" aria-labelledby="adverse-event-form">
      <Title order={3} size="h4" id="adverse-event-form" mb="sm">
        {title}
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="sm">
          <FormProblems {...problems} />
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
            error={problems.errors.description}
          />
          <Group grow align="flex-start">
            {date('onsetDate', { withAsterisk: true })}
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
          <Group>
            <Button type="submit" loading={save.isPending}>
              Record the event
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
