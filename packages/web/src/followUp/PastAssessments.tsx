import { Table } from '@mantine/core';
import { formatCalendarDate, formatNumber } from '../format/locale';
import type { Assessment } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { zoneLabel } from './zones';

/** The recorded follow-ups, newest first. */
export function PastAssessments({ assessments }: { assessments: readonly Assessment[] }) {
  return (
    <Table withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Day</Table.Th>
          <Table.Th>Lemperle by zone</Table.Th>
          <Table.Th>GAIS (investigator / patient)</Table.Th>
          <Table.Th>Satisfaction</Table.Th>
          <Table.Th>Laxity</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...assessments].reverse().map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              {formatCalendarDate(a.date)}
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
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
