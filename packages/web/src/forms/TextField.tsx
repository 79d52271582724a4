import { TextInput } from '@mantine/core';

/**
 * A one-line field of a record form (text, a day, a time of day) that reports its text, with the
 * server's refusal beside it.
 */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  type = 'text',
  description,
  placeholder,
  required = false,
  size,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  type?: 'text' | 'date' | 'time';
  description?: string;
  placeholder?: string;
  required?: boolean;
  size?: 'xs';
}) {
  return (
    <TextInput
      id={id}
      type={type}
      label={label}
      description={description}
      placeholder={placeholder}
      withAsterisk={required}
      size={size}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
    />
  );
}
