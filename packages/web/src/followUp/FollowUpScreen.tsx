import { Card, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Patient } from '../api/types';
import { RecordList } from '../journey/RecordList';
import { PatientScreen } from '../patients/PatientScreen';
import { useAssessments, useFollowUps, useSessions } from '../patients/recordQueries';
import { AssessmentForm } from './AssessmentForm';
import { BookingForm } from './BookingForm';
import { PastAssessments } from './PastAssessments';
import { PlannedList } from './PlannedList';

/** Follow-ups (/patients/:id/follow-ups): book one ahead, record it on the day, see the past. */
export function FollowUpScreen() {
  return (
    <PatientScreen title="Follow-ups" archivedNote>
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const followUps = useFollowUps(patient.id);
  const assessments = useAssessments(patient.id);
  const sessions = useSessions(patient.id);
  const [recording, setRecording] = useState<string>('');
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <BookingForm patient={patient} />
        <Card withBorder component="section" aria-labelledby="planned-follow-ups">
          <Title order={3} size="h4" id="planned-follow-ups" mb="sm">
            Planned follow-ups
          </Title>
          {followUps.isPending && <Loader size="sm" aria-label="Loading the follow-ups" />}
          {followUps.isError && <Text size="sm">{followUps.error.message}</Text>}
          {followUps.data && (
            <PlannedList items={followUps.data.items} onRecord={(id) => setRecording(id)} />
          )}
        </Card>
      </SimpleGrid>
      <AssessmentForm
        key={recording}
        patient={patient}
        due={followUps.data?.items.filter((f) => f.status === 'due') ?? []}
        followUpId={recording}
      />
      <RecordList
        id="past-follow-ups"
        title="Recorded follow-ups"
        what="the follow-ups"
        none="No follow-up recorded yet."
        query={assessments}
      >
        {(items) => (
          <PastAssessments
            patient={patient}
            assessments={items}
            followUps={followUps.data?.items ?? []}
            sessions={sessions.data?.items ?? []}
          />
        )}
      </RecordList>
    </Stack>
  );
}
