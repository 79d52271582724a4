import { Button, Card, Group, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { saveFile } from '../api/download';
import { csvFileName, toCsv } from './csv';
import { IntervalChart } from './IntervalChart';
import { readable, tooWideToRead } from './readable';
import type { EvidenceTable } from './tables';

/**
 * One figure of the screen: its chart, the same numbers as a table (rounded for reading; the
 * chart's accessible alternative), what the chart cannot show (an interval too wide to read, a
 * group without an estimate) in words, and the table as CSV at the API's full precision.
 */
export function EvidenceFigure({
  table,
  scope,
  day,
  controls,
}: {
  table: EvidenceTable;
  /** The scope and day the CSV's file name says. */
  scope: string;
  day: string;
  controls?: ReactNode;
}) {
  const headingId = `figure-${table.id}`;
  const notes = table.chart.flatMap((row) => {
    if (row.value === null)
      return [`${row.label} (n = ${row.n}): ${row.missing ?? 'no estimate'}.`];
    const interval = row.low === null ? null : { low: row.low, high: row.high };
    if (row.low === null && row.n < 2)
      return [`${row.label} (n = ${row.n}): one patient, no interval.`];
    if (tooWideToRead(interval, table.unit))
      return [
        `${row.label} (n = ${row.n}): the 95 % interval is too wide to read a result from${
          row.high === null ? ' (no upper end within follow-up)' : ''
        }.`,
      ];
    return [];
  });
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Title order={3} size="h4" id={headingId}>
          {table.title}
        </Title>
        <Button
          variant="default"
          size="xs"
          aria-label={`Download CSV: ${table.title}`}
          onClick={() =>
            saveFile(
              toCsv(
                table.columns.map((c) => c.header),
                table.rows,
              ),
              csvFileName(scope, table.id, day),
              'text/csv',
            )
          }
        >
          Download CSV
        </Button>
      </Group>
      {controls}
      <IntervalChart table={table} />
      {notes.length > 0 && (
        <ul aria-label={`Groups to read with care: ${table.title}`}>
          {notes.map((note) => (
            <li key={note}>
              <Text size="sm">{note}</Text>
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>
          <Text span size="sm">
            The numbers as a table
          </Text>
        </summary>
        <Table.ScrollContainer minWidth={640}>
          <Table striped withTableBorder fz="sm" data-table={table.id}>
            <Table.Caption>{table.title}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {table.columns.map((c) => (
                  <Table.Th key={c.header} scope="col">
                    {c.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row) => (
                <Table.Tr key={String(row[0])}>
                  {row.map((cell, i) => {
                    const unit = table.columns[i]?.unit ?? 'text';
                    const text =
                      unit === 'text' || typeof cell !== 'number'
                        ? (cell ?? '—')
                        : readable(cell, unit);
                    return i === 0 ? (
                      <Table.Th key={table.columns[i]?.header} scope="row">
                        {String(text)}
                      </Table.Th>
                    ) : (
                      <Table.Td key={table.columns[i]?.header}>{String(text)}</Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </details>
    </Card>
  );
}
