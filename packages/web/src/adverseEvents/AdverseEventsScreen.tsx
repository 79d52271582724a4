import { SimpleGrid, Stack } from '@mantine/core';
import type { Patient } from '../api/types';
import { useAuth } from '../auth/AuthProvider';
import { localToday } from '../format/locale';
import { FormBesideRules } from '../journey/FormBesideRules';
import { RecordList } from '../journey/RecordList';
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
  const sessionList = sessions.data?.items ?? [];
  const sessionDates = new Map(sessionList.map((s) => [s.id, s.date]));
  return (
    <Stack gap="lg">
      <FormBesideRules
        archived={patient.archived}
        what="an adverse event"
        form={<AdverseEventForm patientId={patient.id} sessions={sessionList} />}
        rules={<AdverseEventRules today={today} />}
      />
      <RecordList
        id="adverse-event-list"
        title="Recorded, by onset"
        what="the adverse events"
        none="No adverse event recorded."
        query={events}
      >
        {(items) => (
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {items.map((event) => (
              <AdverseEventCard
                key={event.id}
                event={event}
                today={today}
                sessions={sessionList}
                archived={patient.archived}
                sessionDate={event.sessionId ? sessionDates.get(event.sessionId) : undefined}
              />
            ))}
          </SimpleGrid>
        )}
      </RecordList>
    </Stack>
  );
}
