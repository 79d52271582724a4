import { Table } from '@mantine/core';
import { formatCalendarDate, formatNumber } from '../format/locale';
import type { TreatmentSession } from '../journey/types';
import { anaesthesiaLabel } from './anaesthesia';

/** The patient's recorded sessions, newest first. */
export function PastSessions({ sessions }: { sessions: readonly TreatmentSession[] }) {
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Day</Table.Th>
          <Table.Th>Zones (cores delivered)</Table.Th>
          <Table.Th>Anaesthesia</Table.Th>
          <Table.Th>Needle</Table.Th>
          <Table.Th>Operator</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...sessions].reverse().map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td>{formatCalendarDate(s.date)}</Table.Td>
            <Table.Td>
              {s.zones.map((z) => `${z.zoneId} (${formatNumber(z.coresDelivered)})`).join(', ')}
            </Table.Td>
            <Table.Td>{anaesthesiaLabel(s.anaesthesia)}</Table.Td>
            <Table.Td>{s.needleGauge}</Table.Td>
            <Table.Td>{s.operator}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
