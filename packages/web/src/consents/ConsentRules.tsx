import { List, Text, Title } from '@mantine/core';
import { formatCalendarDate } from '../format/locale';

/**
 * The server's rules for consents (records/consent.ts), beside the form. The server still
 * decides; these words say what it checks.
 */
export function ConsentRules({ today }: { today: string }) {
  return (
    <section aria-labelledby="consent-rules">
      <Title order={4} id="consent-rules" mb="xs">
        The rules
      </Title>
      <List size="sm" spacing={4}>
        <List.Item>A consent covers one scope: treatment, photography or research.</List.Item>
        <List.Item>
          The day it was given is required: a calendar day from 1900 on, not after today in the
          clinic ({formatCalendarDate(today)}).
        </List.Item>
        <List.Item>
          One active consent per scope: withdraw the active one before recording a new one.
        </List.Item>
        <List.Item>
          A consent stays active until withdrawn. Withdrawing keeps it in the record, marked
          withdrawn; it cannot be made active again (record a new one).
        </List.Item>
        <List.Item>
          The withdrawal day is today unless you give one; it cannot be before the consent was
          given, nor after today.
        </List.Item>
        <List.Item>A withdrawn photography consent admits no new photos.</List.Item>
        <List.Item>An archived patient takes no new records.</List.Item>
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        The server checks these when you save; a refusal is shown beside its field.
      </Text>
    </section>
  );
}
