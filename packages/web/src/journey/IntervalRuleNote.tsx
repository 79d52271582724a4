import { Alert, Text } from '@mantine/core';
import { INTERVAL_RULE_SOURCE, intervalRuleText } from './intervalRule';

/** The interval rule with its source, and what it says of the days chosen (red: a reason is due). */
export function IntervalRuleNote({
  verdict,
  otherwise,
}: {
  verdict: { text: string; needsReason: boolean } | undefined;
  /** Said when there is no verdict yet (none when omitted). */
  otherwise?: string;
}) {
  const said = verdict?.text ?? otherwise;
  return (
    <Alert
      color={verdict?.needsReason ? 'red.9' : 'blue.9'}
      title="The interval rule"
      variant="outline"
    >
      <Text size="sm">{intervalRuleText()}</Text>
      {said && (
        <Text size="sm" fw={600}>
          {said}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Source: {INTERVAL_RULE_SOURCE}
      </Text>
    </Alert>
  );
}
