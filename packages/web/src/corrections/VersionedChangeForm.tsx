import { Button, Stack } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormProblems } from '../forms/FormProblems';
import { NotesField } from '../forms/NotesField';
import { SubmitRow } from '../forms/SubmitRow';
import type { useFieldProblems } from '../forms/useFieldProblems';
import { ConflictNote } from './ConflictNote';
import type { HistoryWords } from './correctionSpec';
import type { useVersionedChange } from './useVersionedChange';

/**
 * The frame of a correction and a strike-out: after a 409 the note on what changed meanwhile,
 * the refusals, the form's own part (`children`), then the required reason, the save and a way
 * out. A record struck out meanwhile takes no further change: the save is off.
 */
export function VersionedChangeForm({
  label,
  onSubmit,
  versioned,
  problems,
  words,
  reason,
  children,
  onCancel,
  save,
}: {
  /** Names the form for a screen reader. */
  label: string;
  onSubmit: (event: FormEvent) => void;
  versioned: { conflict: ReturnType<typeof useVersionedChange>['conflict']; saving: boolean };
  problems: ReturnType<typeof useFieldProblems>;
  words: HistoryWords;
  reason: {
    id: string;
    label: string;
    description: string;
    value: string;
    onChange: (reason: string) => void;
  };
  children: ReactNode;
  onCancel: () => void;
  /** The save button's words. */
  save: string;
}) {
  const { conflict, saving } = versioned;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="sm">
        {conflict && <ConflictNote read={conflict.read} now={conflict.now} words={words} />}
        <FormProblems {...problems} />
        {children}
        <NotesField {...reason} required error={problems.errors.reason} />
        <SubmitRow
          saving={saving}
          disabled={conflict?.now.recordStatus === 'entered-in-error'}
          extra={
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          }
        >
          {save}
        </SubmitRow>
      </Stack>
    </form>
  );
}
