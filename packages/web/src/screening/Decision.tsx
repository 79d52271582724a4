import { Alert, Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import type { Screening } from '../api/types';
import { formatCalendarDate } from '../format/locale';
import type { Checklist } from '../journey/types';
import { DECISION_BADGES, decisionLabel } from '../patients/labels';
import { sentence } from './screeningWords';

/** A screening's decision with every reason and its source, the referral's alternatives, pre-care. */
export function Decision({
  screening,
  checklist,
  title,
}: {
  screening: Screening;
  checklist: Checklist | undefined;
  title: string;
}) {
  const referCodes = new Set(
    checklist?.questions.filter((q) => q.outcome === 'refer').map((q) => q.reasonCode),
  );
  const referrals = screening.reasons.filter((r) => referCodes.has(r.code));
  const badge = DECISION_BADGES[screening.decision];
  const headingId = useId();
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} size="h4" id={headingId}>
            {title}
          </Title>
          <Badge color={badge?.color ?? 'gray.8'} c={badge?.text ?? 'white'}>
            {decisionLabel(screening.decision)}
          </Badge>
          <Text size="sm">on {formatCalendarDate(screening.date)}</Text>
        </Group>
        {screening.reasons.length === 0 ? (
          <Text size="sm">No reason against treatment was found.</Text>
        ) : (
          <List size="sm" spacing={6}>
            {screening.reasons.map((reason) => (
              <List.Item key={reason.code}>
                {sentence(reason.message)}
                <Text size="xs" c="dimmed">
                  Source: {reason.source}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
        {referrals.length > 0 && (
          <Alert
            color="grape.9"
            title="Referral: the alternatives the rules name"
            variant="outline"
          >
            <List size="sm">
              {referrals.map((r) => (
                <List.Item key={r.code}>{sentence(r.message)}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {screening.preCare.length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h5">
              Pre-care
            </Title>
            <List size="sm" spacing={4}>
              {screening.preCare.map((item) => (
                <List.Item key={item.code}>
                  {item.fromDate
                    ? `From ${formatCalendarDate(item.fromDate)}: `
                    : 'No planned treatment day given: '}
                  {item.instruction}
                  <Text size="xs" c="dimmed">
                    Source: {item.source}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
