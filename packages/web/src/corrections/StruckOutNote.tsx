import { Badge, Stack, Text } from '@mantine/core';
import { formatDateTime } from '../format/locale';
import type { CorrectableKind } from './kinds';
import { useRecordHistory } from './useRecordHistory';

/**
 * A struck-out record's mark: kept and readable, but entered in error, with the reason it was
 * struck out and when (from its last version: the list carries the status, not the reason).
 */
export function StruckOutNote({
  kind,
  patientId,
  recordId,
}: {
  kind: CorrectableKind;
  patientId: string;
  recordId: string;
}) {
  const history = useRecordHistory({ kind, patientId, recordId });
  const last = history.data?.at(-1);
  return (
    <Stack gap={2}>
      <Badge color="red.9" c="white" w="fit-content">
        Entered in error
      </Badge>
      <Text size="xs">
        Struck out
        {last ? `, ${formatDateTime(last.changedAt)}` : ''}
        {last?.reason ? `: ${last.reason}` : ''}. Kept in the record; not counted.
      </Text>
    </Stack>
  );
}
