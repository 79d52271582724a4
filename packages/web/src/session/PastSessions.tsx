import { Table } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Patient, PlanSummary } from '../api/types';
import { RecordCorrections } from '../corrections/RecordCorrections';
import { StruckOut } from '../corrections/StruckOut';
import { formatCalendarDate, formatNumber } from '../format/locale';
import type { Series, TreatmentSession } from '../journey/types';
import { anaesthesiaLabel } from './anaesthesia';
import { sessionCorrection } from './sessionCorrection';

/** The patient's recorded sessions, newest first, each correctable (struck-out ones marked). */
export function PastSessions({
  patient,
  plans,
  series,
  sessions,
}: {
  patient: Patient;
  plans: readonly PlanSummary[];
  series: readonly Series[];
  sessions: readonly TreatmentSession[];
}) {
  const queryClient = useQueryClient();
  const context = { patientId: patient.id, plans, series, sessions };
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Day</Table.Th>
          <Table.Th>Zones (cores delivered)</Table.Th>
          <Table.Th>Anaesthesia</Table.Th>
          <Table.Th>Needle</Table.Th>
          <Table.Th>Operator</Table.Th>
          <Table.Th>Corrections</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...sessions].reverse().map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>
              <StruckOut record={s}>{formatCalendarDate(s.date)}</StruckOut>
            </Table.Td>
            <Table.Td>
              {s.zones.map((z) => `${z.zoneId} (${formatNumber(z.coresDelivered)})`).join(', ')}
            </Table.Td>
            <Table.Td>{anaesthesiaLabel(s.anaesthesia)}</Table.Td>
            <Table.Td>{s.needleGauge}</Table.Td>
            <Table.Td>{s.operator}</Table.Td>
            <Table.Td>
              <RecordCorrections
                kind="sessions"
                patientId={patient.id}
                record={s}
                name={`session of ${formatCalendarDate(s.date)}`}
                spec={sessionCorrection(queryClient, context, s.id)}
                archived={patient.archived}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
