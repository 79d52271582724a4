import { Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormProblems } from '../forms/FormProblems';
import { NotesField } from '../forms/NotesField';
import { SubmitRow } from '../forms/SubmitRow';
import { useFieldProblems } from '../forms/useFieldProblems';
import { fieldInputId } from '../forms/useSaveForm';
import { ConflictNote } from './ConflictNote';
import { changedFields } from './changedFields';
import { correctionNouns, isVersionConflict, withoutChangesPrefix } from './conflict';
import type { CorrectionSpec } from './correctionSpec';
import { correctRecord, recordHistory } from './correctionsApi';
import {
  CORRECTABLE_KINDS,
  type CorrectableKind,
  kindListKey,
  type VersionedRecord,
} from './kinds';
import { mergeEdits } from './mergeEdits';
import type { Version } from './versionDiff';

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
  const queryClient = useQueryClient();
  const noun = CORRECTABLE_KINDS[kind].noun;
  const form = `correct-${kind}`;
  const inputId = (field: string) => fieldInputId(form, field);
  // The version the correction is made against: the one read, or the one reloaded after a 409.
  const [base, setBase] = useState<{ version: number; record: R }>({
    version: record.version,
    record,
  });
  const [values, setValues] = useState(() => spec.valuesOf(record));
  const [reason, setReason] = useState('');
  const [conflict, setConflict] = useState<{ read: Record<string, unknown>; now: Version }>();
  const [unchanged, setUnchanged] = useState(false);
  const nouns = correctionNouns(spec.nouns(values), 'reason for the correction');
  const problems = useFieldProblems({
    nouns,
    fields: Object.keys(nouns),
    inputId: (field) => inputId(field.replace(/^changes\./, '')),
  });
  const where = { kind, patientId, recordId: record.id };
  const save = useMutation({
    mutationFn: (changes: Record<string, unknown>) =>
      correctRecord(where, { expectedVersion: base.version, reason: reason.trim(), changes }),
    onSuccess: async (saved) => {
      problems.clear();
      await queryClient.invalidateQueries({ queryKey: kindListKey(kind, patientId) });
      onDone(Number(saved.version));
    },
    onError: async (error) => {
      if (!isVersionConflict(error)) return problems.show(error, `The ${noun} was not corrected`);
      problems.clear();
      const now = (await recordHistory(where)).at(-1);
      if (!now) return problems.show(error, `The ${noun} was not corrected`);
      const current = now.record as unknown as R;
      setConflict({ read: base.record as unknown as Record<string, unknown>, now });
      setValues((typed) => mergeEdits(spec.valuesOf(base.record), typed, spec.valuesOf(current)));
      setBase({ version: now.version, record: current });
      await queryClient.invalidateQueries({ queryKey: kindListKey(kind, patientId) });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const changes = changedFields(spec.toBody(spec.valuesOf(base.record)), spec.toBody(values));
    setUnchanged(Object.keys(changes).length === 0);
    if (Object.keys(changes).length > 0) save.mutate(changes);
  };
  const struck = conflict?.now.recordStatus === 'entered-in-error';
  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Correct the ${noun}`}>
      <Stack gap="sm">
        {conflict && <ConflictNote read={conflict.read} now={conflict.now} words={spec} />}
        <FormProblems {...problems} />
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
        <NotesField
          id={inputId('reason')}
          label="Reason for the correction"
          description="Kept with this version and shown in the history"
          required
          value={reason}
          onChange={setReason}
          error={problems.errors.reason}
        />
        <SubmitRow
          saving={save.isPending}
          disabled={struck}
          extra={
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          }
        >
          Save the correction
        </SubmitRow>
      </Stack>
    </form>
  );
}
