import { Alert, Button, Card, Group, List, Stack, Table, Text } from '@mantine/core';
import { formatCalendarDate, formatNumber } from '../format/locale';
import type { Series } from '../journey/types';
import { laxityLabel } from '../patients/labels';
import { type CalendarMark, MonthCalendar } from './MonthCalendar';

const at = (time: string | null) => (time ? ` ${time}` : '');

/** One booked series: its visits, warnings, calendar and .ics download. */
export function SeriesDetails({ patientId, series }: { patientId: string; series: Series }) {
  const marks: CalendarMark[] = [
    ...series.sessions.map((s) => ({ date: s.date, label: `Session ${s.number}${at(s.time)}` })),
    { date: series.assessmentDate, label: `Assessment${at(series.assessmentTime)}` },
  ];
  const icsUrl = `/api/patients/${patientId}/series/${series.id}/calendar.ics`;
  return (
    <Card
      withBorder
      component="article"
      aria-label={`Series from ${formatCalendarDate(series.startDate)}`}
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={600}>
            {series.sessions.length} sessions from {formatCalendarDate(series.startDate)}, every{' '}
            {formatNumber(Math.round(series.intervalWeeks * 7))} days; laxity grade{' '}
            {laxityLabel(series.laxityGrade)} at booking
          </Text>
          <Button component="a" href={icsUrl} download variant="default">
            Download calendar (.ics)
          </Button>
        </Group>
        <Table withTableBorder>
          <Table.Caption>The sessions and the assessment</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Visit</Table.Th>
              <Table.Th>Day</Table.Th>
              <Table.Th>Time</Table.Th>
              <Table.Th>Downtime until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {series.sessions.map((s) => (
              <Table.Tr key={s.number}>
                <Table.Td>Session {s.number}</Table.Td>
                <Table.Td>{formatCalendarDate(s.date)}</Table.Td>
                <Table.Td>{s.time ?? 'All day'}</Table.Td>
                <Table.Td>{formatCalendarDate(s.downtimeUntil)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>Assessment</Table.Td>
              <Table.Td>{formatCalendarDate(series.assessmentDate)}</Table.Td>
              <Table.Td>{series.assessmentTime ?? 'All day'}</Table.Td>
              <Table.Td>—</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {series.reason && <Text size="sm">Reason for the shorter interval: {series.reason}</Text>}
        {series.warnings.length > 0 && (
          <Alert color="blue.9" title="Warnings" variant="outline">
            <List size="sm">
              {series.warnings.map((w) => (
                <List.Item key={w.code}>{w.message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <MonthCalendar marks={marks} caption="Calendar of the series" />
      </Stack>
    </Card>
  );
}
