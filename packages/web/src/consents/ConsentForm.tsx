import { Button, Card, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/problem';
import type { NewConsent } from '../api/types';
import { FormProblems } from '../forms/FormProblems';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { CONSENT_SCOPES, SCOPE_LABELS } from './consentChoices';

const NOUNS = { scope: 'scope of the consent', date: 'day consent was given' };
const FIELDS = ['scope', 'date'];
const inputId = (field: string) => `consent-${field}`;

/** Record a consent: its scope and the day it was given (default the clinic's today). */
export function ConsentForm({ patientId, today }: { patientId: string; today: string }) {
  const [scope, setScope] = useState('');
  const [date, setDate] = useState(today);
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId });
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: async (body: NewConsent) =>
      unwrap(
        await api.POST('/api/patients/{id}/consents', {
          params: { path: { id: patientId } },
          body,
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      setScope('');
      await queryClient.invalidateQueries({ queryKey: recordKeys.consents(patientId) });
    },
    onError: (error) =>
      problems.show(
        error,
        error instanceof ApiError && error.status === 409
          ? 'Not recorded'
          : 'The consent was not recorded',
      ),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A scope not chosen is left out, so the server names it.
    const body = { ...(scope === '' ? {} : { scope }), date } as NewConsent;
    if (!save.isPending) save.mutate(body);
  };
  const title = 'Record a consent';
  return (
    <Card withBorder component="section" aria-labelledby="consent-form">
      <Title order={3} size="h4" id="consent-form" mb="sm">
        {title}
      </Title>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        <Stack gap="sm">
          <FormProblems {...problems} />
          <Group grow align="flex-start">
            <NativeSelect
              id={inputId('scope')}
              label="Scope"
              withAsterisk
              value={scope}
              onChange={(e) => setScope(e.currentTarget.value)}
              error={problems.errors.scope}
              data={[
                { value: '', label: 'Choose…' },
                ...CONSENT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] })),
              ]}
            />
            <TextInput
              id={inputId('date')}
              type="date"
              label="Given on"
              withAsterisk
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={problems.errors.date}
            />
          </Group>
          <Group>
            <Button type="submit" loading={save.isPending}>
              Record the consent
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
