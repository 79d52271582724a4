import { Alert, Loader, Stack } from '@mantine/core';
import { useSearchParams } from 'react-router';
import type { Patient } from '../api/types';
import { RecordList } from '../journey/RecordList';
import { PatientScreen } from '../patients/PatientScreen';
import { usePatientPlans } from '../patients/queries';
import { useSeries, useSessions } from '../patients/recordQueries';
import { PastSessions } from './PastSessions';
import { SessionForm } from './SessionForm';

/** Record a treatment session from its plan (/patients/:id/sessions/new?plan=…). */
export function SessionScreen() {
  return (
    <PatientScreen title="Record a session" archivedNote>
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const plans = usePatientPlans(patient.id);
  const series = useSeries(patient.id);
  const sessions = useSessions(patient.id);
  const [params] = useSearchParams();
  if (plans.isPending || series.isPending || sessions.isPending)
    return <Loader aria-label="Loading the plans and sessions" />;
  const error = plans.error ?? series.error ?? sessions.error;
  if (error)
    return (
      <Alert color="red" title="The plans or sessions could not be loaded">
        {error.message}
      </Alert>
    );
  if (!plans.data || !series.data || !sessions.data) return null;
  if (plans.data.items.length === 0)
    return (
      <Alert color="blue.9" variant="outline" title="No plan yet">
        A session is recorded against a saved plan: plan the treatment first.
      </Alert>
    );
  // The plan asked for, else the latest series' plan, else the newest plan.
  const first = params.get('plan') ?? series.data.items[0]?.planId ?? plans.data.items[0]?.id ?? '';
  return (
    <Stack gap="lg">
      <SessionForm
        patient={patient}
        plans={plans.data.items}
        series={series.data.items}
        recorded={sessions.data.items}
        firstPlanId={first}
      />
      <RecordList
        id="past-sessions"
        title="Recorded sessions"
        what="the sessions"
        none="No session recorded yet."
        query={sessions}
      >
        {(items) => (
          <PastSessions
            patient={patient}
            plans={plans.data.items}
            series={series.data.items}
            sessions={items}
          />
        )}
      </RecordList>
    </Stack>
  );
}
