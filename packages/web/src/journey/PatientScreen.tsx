import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../api/problem';
import type { Patient } from '../api/types';
import { usePatient } from '../patients/queries';
import { NotFound } from '../shell/NotFound';

/**
 * The frame of a journey screen: the patient loaded (another clinic's is not found, as one that
 * never existed), the screen's title with the patient's name, and the way back to their page.
 */
export function PatientScreen({
  title,
  children,
}: {
  title: string;
  children: (patient: Patient) => ReactNode;
}) {
  const { id = '' } = useParams();
  const patient = usePatient(id);
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : 'Patient';
  useDocumentTitle(`${title}: ${name} · microcore`);
  if (patient.isPending) return <Loader aria-label="Loading the patient" />;
  if (isNotFound(patient.error)) return <NotFound what="patient" />;
  if (patient.isError)
    return (
      <Alert color="red" title="The patient could not be loaded">
        {patient.error.message}
      </Alert>
    );
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={2}>
          {title}: {name}
        </Title>
        <Anchor component={Link} to={`/patients/${patient.data.id}`} size="sm">
          Back to {name}
        </Anchor>
        {patient.data.archived && (
          <Text size="sm">The patient is archived: restore them to add records.</Text>
        )}
      </Stack>
      {children(patient.data)}
    </Stack>
  );
}
