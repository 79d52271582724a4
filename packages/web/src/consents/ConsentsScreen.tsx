import { Alert, Card, Grid, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { localToday } from '../format/locale';
import { PatientScreen } from '../patients/PatientScreen';
import { useConsents } from '../patients/recordQueries';
import { ConsentForm } from './ConsentForm';
import { ConsentRow } from './ConsentRow';
import { ConsentRules } from './ConsentRules';

/** /patients/:id/consents: the patient's consents, withdrawn ones included; record, withdraw. */
export function ConsentsScreen() {
  return (
    <PatientScreen title="Consents">{(patient) => <Consents patient={patient} />}</PatientScreen>
  );
}

function Consents({ patient }: { patient: Patient }) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  const consents = useConsents(patient.id);
  return (
    <Stack gap="lg">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {patient.archived ? (
            <Text size="sm">The patient is archived: restore them to record a consent.</Text>
          ) : (
            <ConsentForm patientId={patient.id} today={today} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <ConsentRules today={today} />
          </Card>
        </Grid.Col>
      </Grid>
      <Stack gap="sm" component="section" aria-labelledby="consent-list">
        <Title order={3} id="consent-list">
          Recorded, oldest first
        </Title>
        {consents.isPending && <Loader size="sm" aria-label="Loading the consents" />}
        {consents.isError && (
          <Alert color="red" title="The consents could not be loaded">
            {consents.error.message}
          </Alert>
        )}
        {consents.data?.items.length === 0 && <Text size="sm">No consent recorded.</Text>}
        {consents.data && consents.data.items.length > 0 && (
          <Table aria-labelledby="consent-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Scope</Table.Th>
                <Table.Th scope="col">Given on</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Withdraw</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.data.items.map((consent) => (
                <ConsentRow key={consent.id} consent={consent} today={today} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}
