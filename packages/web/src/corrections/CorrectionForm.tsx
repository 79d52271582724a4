import { Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useFieldProblems } from '../forms/useFieldProblems';
import { fieldInputId } from '../forms/useSaveForm';
import { changedFields } from './changedFields';
import { correctionNouns, withoutChangesPrefix } from './conflict';
import type { CorrectionSpec } from './correctionSpec';
import { correctRecord } from './correctionsApi';
import { CORRECTABLE_KINDS, type CorrectableKind, type VersionedRecord } from './kinds';
import { mergeEdits } from './mergeEdits';
import { useVersionedChange } from './useVersionedChange';
import { VersionedChangeForm } from './VersionedChangeForm';

/**
 * Correct a record: its own form, filled with its current values, and a reason. Only the fields
 * that differ from the version read are sent, with that version: if someone changed the record
 * meanwhile (409), the current version is reloaded and said, the form shows it with the user's
 * edits on top (mergeEdits), and a second save sends those edits against it.
 */
export function CorrectionForm<Values extends object, R extends VersionedRecord>({
  kind,
  patientId,
  record,
  spec,
  onDone,
  onCancel,
}: {
  kind: CorrectableKind;
  patientId: string;
  record: R;
  spec: CorrectionSpec<Values, R>;
  onDone: (version: number) => void;
  onCancel: () => void;
}) {
  const noun = CORRECTABLE_KINDS[kind].noun;
  const inputId = (field: string) => fieldInputId(`correct-${kind}`, field);
  const [values, setValues] = useState(() => spec.valuesOf(record));
  const [reason, setReason] = useState('');
  const [unchanged, setUnchanged] = useState(false);
  const nouns = correctionNouns(spec.nouns(values), 'reason for the correction');
  const problems = useFieldProblems({
    nouns,
    fields: Object.keys(nouns),
    inputId: (field) => inputId(field.replace(/^changes\./, '')),
  });
  const valuesOf = (json: Record<string, unknown>) => spec.valuesOf(json as unknown as R);
  const where = { kind, patientId, recordId: record.id };
  const versioned = useVersionedChange({
    where,
    record,
    problems,
    failed: `The ${noun} was not corrected`,
    send: (changes: Record<string, unknown>, expectedVersion) =>
      correctRecord(where, { expectedVersion, reason: reason.trim(), changes }),
    onSaved: (saved) => onDone(Number(saved.version)),
    onConflict: (before, now) =>
      setValues((typed) => mergeEdits(valuesOf(before), typed, valuesOf(now.record))),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (versioned.change.isPending) return;
    const read = versioned.read.record;
    const changes = changedFields(spec.toBody(valuesOf(read)), spec.toBody(values));
    setUnchanged(Object.keys(changes).length === 0);
    if (Object.keys(changes).length > 0) versioned.change.mutate(changes);
  };
  return (
    <VersionedChangeForm
      label={`Correct the ${noun}`}
      onSubmit={onSubmit}
      versioned={{ conflict: versioned.conflict, saving: versioned.change.isPending }}
      problems={problems}
      words={spec}
      reason={{
        id: inputId('reason'),
        label: 'Reason for the correction',
        description: 'Kept with this version and shown in the history',
        value: reason,
        onChange: setReason,
      }}
      onCancel={onCancel}
      save="Save the correction"
    >
      {unchanged && (
        <Text size="sm" role="status">
          Nothing differs from the record yet: change a field to correct it.
        </Text>
      )}
      {spec.fields({
        values,
        onChange: setValues,
        errors: withoutChangesPrefix(problems.errors),
        inputId,
      })}
    </VersionedChangeForm>
  );
}
