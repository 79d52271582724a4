import { Alert, List } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useFieldProblems } from '../forms/useFieldProblems';
import { fieldInputId } from '../forms/useSaveForm';
import type { HistoryWords } from './correctionSpec';
import { strikeOutRecord } from './correctionsApi';
import { CORRECTABLE_KINDS, type CorrectableKind, type VersionedRecord } from './kinds';
import { useVersionedChange } from './useVersionedChange';
import { VersionedChangeForm } from './VersionedChangeForm';

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
  const noun = CORRECTABLE_KINDS[kind].noun;
  const inputId = (field: string) => fieldInputId(`strike-${kind}`, field);
  const [reason, setReason] = useState('');
  const problems = useFieldProblems({ nouns: NOUNS, fields: FIELDS, inputId });
  const where = { kind, patientId, recordId: record.id };
  const versioned = useVersionedChange({
    where,
    record,
    problems,
    failed: `The ${noun} was not struck out`,
    send: (_: undefined, expectedVersion) =>
      strikeOutRecord(where, { expectedVersion, reason: reason.trim() }),
    onSaved: onDone,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!versioned.change.isPending) versioned.change.mutate(undefined);
  };
  return (
    <VersionedChangeForm
      label={`Strike out the ${noun}`}
      onSubmit={onSubmit}
      versioned={{ conflict: versioned.conflict, saving: versioned.change.isPending }}
      problems={problems}
      words={words}
      reason={{
        id: inputId('reason'),
        label: 'Reason for striking it out',
        description: 'e.g. recorded for the wrong patient',
        value: reason,
        onChange: setReason,
      }}
      onCancel={onCancel}
      save="Strike out as entered in error"
    >
      <Alert color="red.9" variant="outline" title="What striking out means">
        <List size="sm">
          <List.Item>
            The {noun} stays in the record and readable, with its history, marked “entered in error”
            with your reason. Nothing is deleted.
          </List.Item>
          <List.Item>
            It is left out of the statistics, the research pool and the FHIR export.
          </List.Item>
          <List.Item>It takes no further change: this cannot be undone.</List.Item>
        </List>
      </Alert>
    </VersionedChangeForm>
  );
}
