import { SimpleGrid, Table, Text } from '@mantine/core';
import { formatCalendarDate } from '../format/locale';
import { firstDayOfWeek, monthsOf, monthTitle, weekdayNames } from './monthCalendar';
import classes from './monthCalendar.module.css';

export interface CalendarMark {
  readonly date: string;
  /** e.g. "Session 1", "Assessment 14:00" */
  readonly label: string;
}

/** The months that hold the marks, each a table of weeks; a marked day says what is booked. */
export function MonthCalendar({
  marks,
  caption,
}: {
  marks: readonly CalendarMark[];
  caption: string;
}) {
  const firstDay = firstDayOfWeek();
  const names = weekdayNames(firstDay);
  const byDate = new Map<string, string[]>();
  for (const mark of marks) byDate.set(mark.date, [...(byDate.get(mark.date) ?? []), mark.label]);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-label={caption} role="group">
      {monthsOf(
        marks.map((m) => m.date),
        firstDay,
      ).map((month) => (
        <Table key={month.key} className={classes.month} withTableBorder layout="fixed">
          <Table.Caption className={classes.caption}>
            {monthTitle(month.year, month.month)}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {names.map((name) => (
                <Table.Th key={name.long} className={classes.cell}>
                  <abbr title={name.long}>{name.short}</abbr>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {month.weeks.map((week) => (
              <Table.Tr key={week.find((d) => d !== null) ?? month.key}>
                {week.map((date, i) => {
                  const labels = date ? byDate.get(date) : undefined;
                  return (
                    <Table.Td
                      // biome-ignore lint/suspicious/noArrayIndexKey: a week's cells are its seven weekdays
                      key={i}
                      className={labels ? `${classes.cell} ${classes.marked}` : classes.cell}
                      aria-label={
                        date && labels
                          ? `${formatCalendarDate(date)}: ${labels.join(', ')}`
                          : undefined
                      }
                    >
                      {date && <span>{Number(date.slice(8))}</span>}
                      {labels?.map((label) => (
                        <Text key={label} size="xs" className={classes.label}>
                          {label}
                        </Text>
                      ))}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ))}
    </SimpleGrid>
  );
}
