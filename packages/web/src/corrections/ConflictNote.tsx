import { Alert, List, Text } from '@mantine/core';
import { formatDateTime } from '../format/locale';
import { changeWords, valueWords } from './changeWords';
import type { HistoryWords } from './correctionSpec';
import { useUserWords } from './useUserWords';
import { type Version, versionDiff } from './versionDiff';

/**
 * Said after a 409: the record changed while the user was at it. What they typed is kept; this
 * says who changed what, so they can check their change still applies before saving again.
 */
export function ConflictNote({
  read,
  now,
  words,
}: {
  /** The record as the user read it. */
  read: Readonly<Record<string, unknown>>;
  /** Its current version, reloaded. */
  now: Version;
  words: HistoryWords;
}) {
  const who = useUserWords();
  const changes = versionDiff(read, now.record);
  const say = (field: string, value: unknown) =>
    words.valueLabel?.(field, value) ?? valueWords(value);
  return (
    <Alert color="orange.9" variant="outline" title="Changed by someone else" role="alert">
      <Text size="sm">
        While you were at it, this record became version {now.version} (
        {changeWords(now.change).toLowerCase()} by {who(now.changedBy)},{' '}
        {formatDateTime(now.changedAt)}
        {now.reason ? `: ${now.reason}` : ''}). Nothing of yours was saved; what you typed is kept.
        {now.recordStatus === 'entered-in-error'
          ? ' It is now struck out, so it takes no further change.'
          : ' Check it still applies to the current version, then save again.'}
      </Text>
      {changes.length > 0 && (
        <List size="sm" mt="xs">
          {changes.map((change) => (
            <List.Item key={change.field}>
              {words.fieldLabel(change.field)}: {say(change.field, change.before)} →{' '}
              {say(change.field, change.after)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
