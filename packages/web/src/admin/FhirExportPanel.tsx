import { Alert, Button, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { saveFile } from '../api/download';
import { unwrap } from '../api/problem';
import type { Patient } from '../api/types';
import { formatCalendarDate, formatNumber } from '../format/locale';
import { usePatientSearch } from '../patients/queries';
import { bundleSummary } from './bundleSummary';

/**
 * /admin/export: a patient's whole record as a FHIR R4 Bundle (GET /api/patients/{id}/fhir,
 * docs/fhir.md), found by name and saved as a file. The export is a read of patient data: the
 * server records it in the audit trail.
 */
export function FhirExportPanel() {
  const [typed, setTyped] = useState('');
  const [query] = useDebouncedValue(typed.trim(), 300);
  const search = usePatientSearch(query, 1);
  return (
    <Stack gap="md" maw={960}>
      <Text size="sm">
        The export holds everything recorded for the patient (details, plans, series, sessions,
        follow-ups, adverse events, consents, photos as links) as a FHIR R4 Bundle of type
        collection, for another clinical system. Each export is recorded in the audit trail.
      </Text>
      <search>
        <TextInput
          type="search"
          label="Find the patient"
          description="Part of the given or family name"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          maw={480}
        />
      </search>
      {search.isPending && <Loader size="sm" aria-label="Loading the patients" />}
      {search.isError && (
        <Alert color="red" title="The patients could not be loaded">
          {search.error.message}
        </Alert>
      )}
      {search.data && (
        <Table aria-label="Patients to export">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Patient</Table.Th>
              <Table.Th scope="col">Birth date</Table.Th>
              <Table.Th scope="col">Export</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {search.data.items.map((patient) => (
              <ExportRow key={patient.id} patient={patient} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {search.data && search.data.total > search.data.items.length && (
        <Text size="sm">
          {formatNumber(search.data.items.length)} of {formatNumber(search.data.total)} shown: type
          more of the name to narrow it.
        </Text>
      )}
    </Stack>
  );
}

function ExportRow({ patient }: { patient: Patient }) {
  const name = `${patient.givenName} ${patient.familyName}`;
  const exported = useMutation({
    mutationFn: async () => {
      const text = unwrap(
        await api.GET('/api/patients/{id}/fhir', {
          params: { path: { id: patient.id } },
          parseAs: 'text',
        }),
      );
      saveFile(text, `microcore-patient-${patient.id}.fhir.json`, 'application/fhir+json');
      return bundleSummary(text);
    },
  });
  return (
    <Table.Tr>
      <Table.Th scope="row">{name}</Table.Th>
      <Table.Td>{formatCalendarDate(patient.birthDate)}</Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="default"
          loading={exported.isPending}
          onClick={() => exported.mutate()}
          aria-label={`Download FHIR bundle of ${name}`}
        >
          Download FHIR bundle
        </Button>
        {exported.data && (
          <Text size="sm" role="status" mt={4}>
            Saved: {exported.data}
          </Text>
        )}
        {exported.error && (
          <Text size="sm" c="red.9" role="alert" mt={4}>
            Not exported: {exported.error.message}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
