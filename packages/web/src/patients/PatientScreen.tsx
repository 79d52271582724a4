import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, isNotFound } from '../api/problem';
import type { Patient } from '../api/types';
import { Forbidden } from '../shell/Forbidden';
import { NotFound } from '../shell/NotFound';
import { usePatient } from './queries';

/**
 * A screen about one patient's records (/patients/:id/<something>): the patient is loaded first;
 * another clinic's patient is "not found", a role that may not read patients is "not allowed"
 * (and sees no name), and the screen's heading names the patient with a link back to their page.
 */
export function PatientScreen({
  title,
  archivedNote = false,
  children,
}: {
  /** What the screen is ("Adverse events"); the heading adds the patient's name. */
  title: string;
  /** Say under the heading that an archived patient takes no records (else the screen says it). */
  archivedNote?: boolean;
  children: (patient: Patient) => ReactNode;
}) {
  const { id = '' } = useParams();
  const patient = usePatient(id);
  const name = patient.data ? `${patient.data.givenName} ${patient.data.familyName}` : undefined;
  useDocumentTitle(name ? `${title} · ${name} · microcore` : `${title} · microcore`);
  if (patient.isPending) return <Loader aria-label="Loading the patient" />;
  if (isNotFound(patient.error)) return <NotFound what="patient" />;
  if (patient.error instanceof ApiError && patient.error.status === 403)
    return <Forbidden what="patients' records" />;
  if (patient.isError)
    return (
      <Alert color="red" title="The patient could not be loaded">
        {patient.error.message}
      </Alert>
    );
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={2}>
            {title}: {name}
          </Title>
          <Anchor component={Link} to={`/patients/${patient.data.id}`} size="sm">
            Back to {name}
          </Anchor>
          {archivedNote && patient.data.archived && (
            <Text size="sm">The patient is archived: restore them to add records.</Text>
          )}
        </Stack>
      </Group>
      {children(patient.data)}
    </Stack>
  );
}
