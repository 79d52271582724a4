import { Button } from '@mantine/core';
import type { ReactNode } from 'react';
import { NotesField } from '../forms/NotesField';
import { SubmitRow } from '../forms/SubmitRow';

/** The end of a correction or strike-out: the required reason, the save and a way out. */
export function ReasonAndSave({
  id,
  label,
  description,
  reason,
  onReason,
  error,
  saving,
  disabled,
  onCancel,
  children,
}: {
  id: string;
  label: string;
  description: string;
  reason: string;
  onReason: (reason: string) => void;
  error: string | undefined;
  saving: boolean;
  disabled: boolean;
  onCancel: () => void;
  /** The save button's words. */
  children: ReactNode;
}) {
  return (
    <>
      <NotesField
        id={id}
        label={label}
        description={description}
        required
        value={reason}
        onChange={onReason}
        error={error}
      />
      <SubmitRow
        saving={saving}
        disabled={disabled}
        extra={
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        }
      >
        {children}
      </SubmitRow>
    </>
  );
}
