import { Badge, Button, Group, Stack, Table } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { Consent } from '../api/types';
import { RecordCorrections } from '../corrections/RecordCorrections';
import { StruckOut } from '../corrections/StruckOut';
import { formatCalendarDate } from '../format/locale';
import { FormProblems } from '../forms/FormProblems';
import { TextField } from '../forms/TextField';
import { useFieldProblems } from '../forms/useFieldProblems';
import { recordKeys } from '../patients/recordQueries';
import { scopeLabel } from './consentChoices';
import { consentCorrection } from './consentCorrection';

const NOUNS = { withdrawnDate: 'withdrawal date' };
const FIELDS = ['withdrawnDate'];

/** One consent in the table; an active one can be withdrawn with a day (default today). */
export function ConsentRow({
  consent,
  today,
  archived,
}: {
  consent: Consent;
  today: string;
  archived: boolean;
}) {
  const [withdrawnOn, setWithdrawnOn] = useState(today);
  const inputId = (field: string) => `${field}-${consent.id}`;
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId });
  const queryClient = useQueryClient();
  const withdraw = useMutation({
    mutationFn: async (withdrawnDate: string) =>
      unwrap(
        await api.PATCH('/api/patients/{id}/consents/{consentId}', {
          params: { path: { id: consent.patientId, consentId: consent.id } },
          body: { status: 'withdrawn', withdrawnDate },
        }),
      ),
    onSuccess: async () => {
      problems.clear();
      await queryClient.invalidateQueries({ queryKey: recordKeys.consents(consent.patientId) });
    },
    onError: (error) => problems.show(error, 'Not withdrawn'),
  });
  const onWithdraw = (event: FormEvent) => {
    event.preventDefault();
    if (!withdraw.isPending) withdraw.mutate(withdrawnOn);
  };
  const name = `${scopeLabel(consent.scope)} consent of ${formatCalendarDate(consent.date)}`;
  return (
    <Table.Tr>
      <Table.Th scope="row">
        <StruckOut record={consent}>{scopeLabel(consent.scope)}</StruckOut>
      </Table.Th>
      <Table.Td>{formatCalendarDate(consent.date)}</Table.Td>
      <Table.Td>
        {consent.status === 'active' ? (
          <Badge color="teal.9" c="white">
            Active
          </Badge>
        ) : (
          <Badge color="gray.8" c="white">
            Withdrawn {consent.withdrawnDate ? formatCalendarDate(consent.withdrawnDate) : ''}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        {consent.status === 'active' && consent.recordStatus === 'current' && (
          <Stack gap={4}>
            <FormProblems {...problems} />
            <form onSubmit={onWithdraw} noValidate aria-label={`Withdraw the ${name}`}>
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextField
                  id={inputId('withdrawnDate')}
                  type="date"
                  size="xs"
                  label="Withdrawn on"
                  value={withdrawnOn}
                  onChange={setWithdrawnOn}
                  error={problems.errors.withdrawnDate}
                />
                <Button type="submit" size="xs" variant="default" loading={withdraw.isPending}>
                  Withdraw
                </Button>
              </Group>
            </form>
          </Stack>
        )}
        <RecordCorrections
          kind="consents"
          patientId={consent.patientId}
          record={consent}
          name={name}
          spec={consentCorrection}
          archived={archived}
        />
      </Table.Td>
    </Table.Tr>
  );
}
