import { Alert, Loader, Stack } from '@mantine/core';
import { useState } from 'react';
import type { Patient, Screening } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import { useChecklist } from '../journey/queries';
import { RecordList } from '../journey/RecordList';
import type { Checklist } from '../journey/types';
import { PatientScreen } from '../patients/PatientScreen';
import { usePatientScreenings } from '../patients/queries';
import { Decision } from './Decision';
import { ScreeningForm } from './ScreeningForm';
/** Screen a patient (/patients/:id/screening): the checklist, the decision, the past screenings. */
export function ScreeningScreen() {
  return (
    <PatientScreen title="Screening" archivedNote>
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const checklist = useChecklist();
  const [result, setResult] = useState<Screening>();
  return (
    <Stack gap="lg">
      {checklist.isPending && <Loader aria-label="Loading the checklist" />}
      {checklist.isError && (
        <Alert color="red" title="The checklist could not be loaded">
          {checklist.error.message}
        </Alert>
      )}
      {checklist.data && (
        <ScreeningForm patient={patient} checklist={checklist.data} onScreened={setResult} />
      )}
      {result && <Decision screening={result} checklist={checklist.data} title="Decision" />}
      <PastScreenings patientId={patient.id} checklist={checklist.data} />
    </Stack>
  );
}

function PastScreenings({
  patientId,
  checklist,
}: {
  patientId: string;
  checklist: Checklist | undefined;
}) {
  const screenings = usePatientScreenings(patientId);
  return (
    <RecordList
      id="past-screenings"
      title="Past screenings"
      what="the screenings"
      none="Not screened yet."
      query={screenings}
    >
      {(items) =>
        items.map((s) => (
          <Decision
            key={s.id}
            screening={s}
            checklist={checklist}
            title={`Screening of ${formatCalendarDate(s.date)}`}
          />
        ))
      }
    </RecordList>
  );
}
