import { Alert, Button, List, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormProblems } from '../forms/FormProblems';
import { NotesField } from '../forms/NotesField';
import { SubmitRow } from '../forms/SubmitRow';
import { useFieldProblems } from '../forms/useFieldProblems';
import { fieldInputId } from '../forms/useSaveForm';
import { ConflictNote } from './ConflictNote';
import { isVersionConflict } from './conflict';
import type { HistoryWords } from './correctionSpec';
import { recordHistory, strikeOutRecord } from './correctionsApi';
import {
  CORRECTABLE_KINDS,
  type CorrectableKind,
  kindListKey,
  type VersionedRecord,
} from './kinds';
import type { Version } from './versionDiff';

const NOUNS = { reason: 'reason for striking it out' };
const FIELDS = ['reason'];

/**
 * Strike a record out as entered in error, with a reason, after saying what that means. A 409
 * because it changed meanwhile says the change and keeps the reason typed.
 */
export function StrikeOutForm({
  kind,
  patientId,
  record,
  words,
  onDone,
  onCancel,
}: {
  kind: CorrectableKind;
  patientId: string;
  record: VersionedRecord;
  words: HistoryWords;
  onDone: () => void;
  onCancel: () => void;
}) {
  const queryClient = useQueryClient();
  const noun = CORRECTABLE_KINDS[kind].noun;
  const inputId = (field: string) => fieldInputId(`strike-${kind}`, field);
  const [reason, setReason] = useState('');
  const [read, setRead] = useState<{ version: number; record: Record<string, unknown> }>({
    version: record.version,
    record: record as unknown as Record<string, unknown>,
  });
  const [conflict, setConflict] = useState<{ read: Record<string, unknown>; now: Version }>();
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId });
  const where = { kind, patientId, recordId: record.id };
  const strike = useMutation({
    mutationFn: () =>
      strikeOutRecord(where, { expectedVersion: read.version, reason: reason.trim() }),
    onSuccess: async () => {
      problems.clear();
      await queryClient.invalidateQueries({ queryKey: kindListKey(kind, patientId) });
      onDone();
    },
    onError: async (error) => {
      if (!isVersionConflict(error)) return problems.show(error, `The ${noun} was not struck out`);
      problems.clear();
      const now = (await recordHistory(where)).at(-1);
      if (!now) return problems.show(error, `The ${noun} was not struck out`);
      setConflict({ read: read.record, now });
      setRead({ version: now.version, record: now.record });
      await queryClient.invalidateQueries({ queryKey: kindListKey(kind, patientId) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!strike.isPending) strike.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Strike out the ${noun}`}>
      <Stack gap="sm">
        <Alert color="red.9" variant="outline" title="What striking out means">
          <List size="sm">
            <List.Item>
              The {noun} stays in the record and readable, with its history, marked “entered in
              error” with your reason. Nothing is deleted.
            </List.Item>
            <List.Item>
              It is left out of the statistics, the research pool and the FHIR export.
            </List.Item>
            <List.Item>It takes no further change: this cannot be undone.</List.Item>
          </List>
        </Alert>
        {conflict && <ConflictNote read={conflict.read} now={conflict.now} words={words} />}
        <FormProblems {...problems} />
        <NotesField
          id={inputId('reason')}
          label="Reason for striking it out"
          description="e.g. recorded for the wrong patient"
          required
          value={reason}
          onChange={setReason}
          error={problems.errors.reason}
        />
        <SubmitRow
          saving={strike.isPending}
          disabled={conflict?.now.recordStatus === 'entered-in-error'}
          extra={
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          }
        >
          Strike out as entered in error
        </SubmitRow>
      </Stack>
    </form>
  );
}
