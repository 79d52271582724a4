import { Alert, Card, Grid, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { localToday } from '../format/locale';
import { PatientScreen } from '../patients/PatientScreen';
import { useAdverseEvents, useSessions } from '../patients/recordQueries';
import { AdverseEventCard } from './AdverseEventCard';
import { AdverseEventForm } from './AdverseEventForm';
import { AdverseEventRules } from './AdverseEventRules';

/** /patients/:id/adverse-events: the patient's adverse events by onset; record, resolve, reopen. */
export function AdverseEventsScreen() {
  return (
    <PatientScreen title="Adverse events">
      {(patient) => <AdverseEvents patient={patient} />}
    </PatientScreen>
  );
}

function AdverseEvents({ patient }: { patient: Patient }) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  const events = useAdverseEvents(patient.id);
  const sessions = useSessions(patient.id);
  const sessionDates = new Map((sessions.data?.items ?? []).map((s) => [s.id, s.date]));
  return (
    <Stack gap="lg">
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          {patient.archived ? (
            <Text size="sm">The patient is archived: restore them to record an adverse event.</Text>
          ) : (
            <AdverseEventForm patientId={patient.id} sessions={sessions.data?.items ?? []} />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder>
            <AdverseEventRules today={today} />
          </Card>
        </Grid.Col>
      </Grid>
      <Stack gap="sm" component="section" aria-labelledby="adverse-event-list">
        <Title order={3} id="adverse-event-list">
          Recorded, by onset
        </Title>
        {events.isPending && <Loader size="sm" aria-label="Loading the adverse events" />}
        {events.isError && (
          <Alert color="red" title="The adverse events could not be loaded">
            {events.error.message}
          </Alert>
        )}
        {events.data?.items.length === 0 && <Text size="sm">No adverse event recorded.</Text>}
        {events.data && events.data.items.length > 0 && (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {events.data.items.map((event) => (
              <AdverseEventCard
                key={event.id}
                event={event}
                today={today}
                sessionDate={event.sessionId ? sessionDates.get(event.sessionId) : undefined}
              />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Stack>
  );
}
