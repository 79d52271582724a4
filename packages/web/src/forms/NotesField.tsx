import { Textarea } from '@mantine/core';

/** A free-text field of a record (notes, a reason): grows with its text. */
export function NotesField({
  id,
  value,
  onChange,
  error,
  label = 'Notes',
  description,
  required = false,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  label?: string;
  description?: string;
  required?: boolean;
}) {
  return (
    <Textarea
      id={id}
      label={label}
      description={description}
      withAsterisk={required}
      autosize
      minRows={2}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
