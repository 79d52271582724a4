import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useAuth } from '../auth/AuthProvider';
import { formatCalendarDate, localToday } from '../format/locale';
import type { FollowUp } from '../journey/types';

/** The booked follow-ups with their state; one due today or overdue can be recorded. */
export function PlannedList({
  items,
  onRecord,
}: {
  items: readonly FollowUp[];
  onRecord: (id: string) => void;
}) {
  const { clinic } = useAuth();
  const today = clinic?.today ?? localToday();
  if (items.length === 0) return <Text size="sm">No follow-up booked.</Text>;
  return (
    <Stack gap="xs">
      {items.map((f) => {
        const state =
          f.status === 'recorded'
            ? { label: 'Recorded', color: 'teal.9' }
            : f.date < today
              ? { label: 'Overdue', color: 'red.9' }
              : f.date === today
                ? { label: 'Due today', color: 'blue.9' }
                : { label: 'Due', color: 'gray.8' };
        return (
          <Group key={f.id} justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text size="sm" fw={600}>
                {formatCalendarDate(f.date)}
                {f.time ? ` at ${f.time}` : ''}
              </Text>
              {f.notes && <Text size="xs">{f.notes}</Text>}
            </Stack>
            <Group gap="xs" wrap="nowrap">
              <Badge color={state.color} c="white">
                {state.label}
              </Badge>
              {f.status === 'due' && f.date <= today && (
                <Button size="xs" variant="default" onClick={() => onRecord(f.id)}>
                  Record the follow-up of {formatCalendarDate(f.date)}
                </Button>
              )}
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}
