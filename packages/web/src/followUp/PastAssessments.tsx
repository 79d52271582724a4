import { Table } from '@mantine/core';
import type { Patient } from '../api/types';
import { RecordCorrections } from '../corrections/RecordCorrections';
import { StruckOut } from '../corrections/StruckOut';
import { formatCalendarDate, formatNumber } from '../format/locale';
import type { Assessment, FollowUp, TreatmentSession } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { assessmentCorrection } from './assessmentCorrection';
import { zoneLabel } from './zones';

/** The recorded follow-ups, newest first, each correctable (struck-out ones marked). */
export function PastAssessments({
  patient,
  assessments,
  followUps,
  sessions,
}: {
  patient: Patient;
  assessments: readonly Assessment[];
  /** The patient's planned follow-ups and sessions, which a correction may name. */
  followUps: readonly FollowUp[];
  sessions: readonly TreatmentSession[];
}) {
  const spec = assessmentCorrection(followUps, sessions);
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Day</Table.Th>
          <Table.Th>Lemperle by zone</Table.Th>
          <Table.Th>GAIS (investigator / patient)</Table.Th>
          <Table.Th>Satisfaction</Table.Th>
          <Table.Th>Laxity</Table.Th>
          <Table.Th>Corrections</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...assessments].reverse().map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <StruckOut record={a}>{formatCalendarDate(a.date)}</StruckOut>
              {a.followUpId ? ' (booked)' : ''}
            </Table.Td>
            <Table.Td>
              {Object.entries(a.lemperleByZone)
                .map(([zone, grade]) => `${zoneLabel(zone)} ${formatNumber(grade)}`)
                .join(', ') || '—'}
            </Table.Td>
            <Table.Td>
              {a.gaisInvestigator ?? '—'} / {a.gaisSubject ?? '—'}
            </Table.Td>
            <Table.Td>{a.satisfaction ?? '—'}</Table.Td>
            <Table.Td>{a.laxityGrade === null ? '—' : laxityLabel(a.laxityGrade)}</Table.Td>
            <Table.Td>
              <RecordCorrections
                kind="assessments"
                patientId={patient.id}
                record={a}
                name={`follow-up of ${formatCalendarDate(a.date)}`}
                spec={spec}
                archived={patient.archived}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
