import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { CorrectionForm } from './CorrectionForm';
import type { CorrectionSpec } from './correctionSpec';
import { HistoryView } from './HistoryView';
import type { CorrectableKind, VersionedRecord } from './kinds';
import { StrikeOutForm } from './StrikeOutForm';
import { StruckOutNote } from './StruckOutNote';

type Mode = 'correct' | 'strike' | 'history';

const TITLES: Readonly<Record<Mode, string>> = {
  correct: 'Correct',
  strike: 'Strike out',
  history: 'History',
};

/**
 * On each recorded session, follow-up, adverse event, consent or photo: "Correct", "Strike out
 * as entered in error" and "History", each in a dialog; a struck-out record is marked with its
 * reason and keeps only its history. The same for every kind: the kind brings its `spec`.
 */
export function RecordCorrections<Values extends object, R extends VersionedRecord>({
  kind,
  patientId,
  record,
  name,
  spec,
  archived,
}: {
  kind: CorrectableKind;
  patientId: string;
  record: R;
  /** The record in words, for the buttons and the dialog ("session of 3 March 2026"). */
  name: string;
  spec: CorrectionSpec<Values, R>;
  /** An archived patient's records take no change (their history stays readable). */
  archived: boolean;
}) {
  const { me } = useAuth();
  const canChange = !archived && me?.role !== 'researcher';
  const [mode, setMode] = useState<Mode>();
  const [saved, setSaved] = useState<string>();
  const struck = record.recordStatus === 'entered-in-error';
  const close = () => setMode(undefined);
  const button = (to: Mode, words: string) => (
    <Button
      size="xs"
      variant="default"
      // The visible words begin the name (WCAG 2.5.3); the record tells one button from another.
      aria-label={`${words}: ${name}`}
      onClick={() => {
        setSaved(undefined);
        setMode(to);
      }}
    >
      {words}
    </Button>
  );
  return (
    <Stack gap={4}>
      {struck && <StruckOutNote kind={kind} patientId={patientId} recordId={record.id} />}
      <Group gap={6}>
        {!struck && canChange && button('correct', 'Correct')}
        {!struck && canChange && button('strike', 'Strike out as entered in error')}
        {button('history', 'History')}
      </Group>
      {saved && (
        <Text size="xs" role="status">
          {saved}
        </Text>
      )}
      <Modal
        opened={mode !== undefined}
        onClose={close}
        title={mode ? `${TITLES[mode]}: ${name}` : ''}
        size="xl"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {mode === 'correct' && (
          <CorrectionForm
            kind={kind}
            patientId={patientId}
            record={record}
            spec={spec}
            onCancel={close}
            onDone={(version) => {
              setSaved(`Corrected: version ${version} saved; the earlier ones are in the history.`);
              close();
            }}
          />
        )}
        {mode === 'strike' && (
          <StrikeOutForm
            kind={kind}
            patientId={patientId}
            record={record}
            words={spec}
            onCancel={close}
            onDone={close}
          />
        )}
        {mode === 'history' && (
          <HistoryView kind={kind} patientId={patientId} recordId={record.id} words={spec} />
        )}
      </Modal>
    </Stack>
  );
}
