import { Alert, Badge, Group, List, Text } from '@mantine/core';
import type { PlanWarning } from '@microcore/core';
import { memo } from 'react';
import { REFUSAL_COLOUR, WARNING_COLOUR } from './colours';
import type { PlanRefusal } from './planWorkerProtocol';

interface PlanMessagesProps {
  readonly refusal: PlanRefusal | null;
  readonly warnings: readonly PlanWarning[];
  /** Whether the warnings belong to a plan older than the settings shown (after a refusal). */
  readonly stale: boolean;
}

/** The core's refusal of the settings and the plan's warnings, each with its code. */
export const PlanMessages = memo(function PlanMessages({
  refusal,
  warnings,
  stale,
}: PlanMessagesProps) {
  return (
    <>
      {refusal ? (
        <Alert
          color={REFUSAL_COLOUR}
          variant="light"
          title="The planner refuses these settings"
          role="alert"
        >
          <Group gap="xs" align="baseline" wrap="nowrap">
            <Badge color={REFUSAL_COLOUR} variant="filled" style={{ flexShrink: 0 }}>
              {refusal.code}
            </Badge>
            <Text size="sm" data-refusal-code={refusal.code} data-refusal-field={refusal.field}>
              {refusal.field ? `${refusal.field}: ` : ''}
              {refusal.message}
            </Text>
          </Group>
          {stale ? (
            <Text size="sm" mt="xs">
              The drawing and figures show the last plan these settings allowed.
            </Text>
          ) : null}
        </Alert>
      ) : null}
      {warnings.length > 0 ? (
        <Alert color={WARNING_COLOUR} variant="light" title="Warnings">
          <List spacing={4}>
            {warnings.map((warning) => (
              <List.Item key={`${warning.code}:${warning.zone ?? ''}:${warning.message}`}>
                <Group gap="xs" align="baseline" wrap="nowrap">
                  <Badge color="dark" variant="outline" style={{ flexShrink: 0 }}>
                    {warning.code}
                  </Badge>
                  <Text size="sm">{warning.message}</Text>
                </Group>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </>
  );
});
