import { NativeSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import type { Patient } from '../api/types';
import { formatCalendarDate, formatDateTime } from '../format/locale';
import { RecordList } from '../journey/RecordList';
import { PatientScreen } from '../patients/PatientScreen';
import { useSeries } from '../patients/recordQueries';
import { SeriesDetails } from './SeriesDetails';
import { SeriesForm } from './SeriesForm';
/** Book a treatment series (/patients/:id/series), and see each booked series on a calendar. */
export function SeriesScreen() {
  return (
    <PatientScreen title="Treatment series" archivedNote>
      {(patient) => <Screen patient={patient} />}
    </PatientScreen>
  );
}

function Screen({ patient }: { patient: Patient }) {
  const series = useSeries(patient.id);
  const [shownId, setShownId] = useState<string>();
  const shown = series.data?.items.find((s) => s.id === shownId) ?? series.data?.items[0];
  return (
    <Stack gap="lg">
      <SeriesForm patient={patient} onBooked={(booked) => setShownId(booked.id)} />
      <RecordList
        id="booked-series"
        title="Booked series"
        what="the series"
        none="No series booked yet."
        query={series}
      >
        {(items) => (
          <>
            {items.length > 1 && (
              <NativeSelect
                label="Series shown"
                value={shown?.id}
                onChange={(e) => setShownId(e.currentTarget.value)}
                data={items.map((s) => ({
                  value: s.id,
                  label: `From ${formatCalendarDate(s.startDate)}, ${s.sessions.length} sessions (booked ${formatDateTime(s.createdAt)})`,
                }))}
                maw={520}
              />
            )}
            {shown && <SeriesDetails patientId={patient.id} series={shown} />}
          </>
        )}
      </RecordList>
    </Stack>
  );
}
