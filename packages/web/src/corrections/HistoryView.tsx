import { Alert, Badge, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { formatDateTime } from '../format/locale';
import { changeWords, valueWords } from './changeWords';
import type { HistoryWords } from './correctionSpec';
import type { CorrectableKind } from './kinds';
import { useRecordHistory } from './useRecordHistory';
import { useUserWords } from './useUserWords';
import { describeHistory, recordFields } from './versionDiff';

/**
 * Every version of a record, oldest first: what made it, who, when, why, and what it changed.
 * The original (version 1) is shown whole, so what was first recorded is always readable.
 */
export function HistoryView({
  kind,
  patientId,
  recordId,
  words,
}: {
  kind: CorrectableKind;
  patientId: string;
  recordId: string;
  words: HistoryWords;
}) {
  const history = useRecordHistory({ kind, patientId, recordId });
  const who = useUserWords();
  if (history.isPending) return <Loader size="sm" aria-label="Loading the history" />;
  if (history.isError)
    return (
      <Alert color="red" title="The history could not be loaded">
        {history.error.message}
      </Alert>
    );
  const say = (field: string, value: unknown) =>
    words.valueLabel?.(field, value) ?? valueWords(value);
  return (
    <Stack gap="md">
      {describeHistory(history.data).map((version) => (
        <Stack
          key={version.version}
          gap={6}
          component="section"
          aria-labelledby={`version-${recordId}-${version.version}`}
        >
          <Group gap="xs">
            <Title order={4} size="h5" id={`version-${recordId}-${version.version}`}>
              Version {version.version}: {changeWords(version.change)}
            </Title>
            {version.version === 1 && <Badge variant="outline">Original</Badge>}
            {version.recordStatus === 'entered-in-error' && (
              <Badge color="red.9" c="white">
                Entered in error
              </Badge>
            )}
          </Group>
          <Text size="sm">
            By {who(version.changedBy)}, {formatDateTime(version.changedAt)}
          </Text>
          {version.reason && <Text size="sm">Reason: {version.reason}</Text>}
          {version.version === 1 ? (
            <Table withTableBorder fz="sm">
              <Table.Caption>As first recorded</Table.Caption>
              <Table.Tbody>
                {recordFields(version.record).map(([field, value]) => (
                  <Table.Tr key={field}>
                    <Table.Th scope="row">{words.fieldLabel(field)}</Table.Th>
                    <Table.Td>{say(field, value)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : version.changes.length > 0 ? (
            <List size="sm">
              {version.changes.map((change) => (
                <List.Item key={change.field}>
                  {words.fieldLabel(change.field)}: {say(change.field, change.before)} →{' '}
                  {say(change.field, change.after)}
                </List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm">
              {version.change === 'entered-in-error'
                ? 'Kept as it was, marked entered in error.'
                : 'No field changed.'}
            </Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
