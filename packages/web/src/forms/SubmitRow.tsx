import { Button, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** A form's submit button, busy while it saves; `extra` stands beside it (a Cancel). */
export function SubmitRow({
  saving,
  disabled = false,
  children,
  extra,
}: {
  saving: boolean;
  disabled?: boolean;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Group>
      <Button type="submit" loading={saving} disabled={disabled}>
        {children}
      </Button>
      {extra}
    </Group>
  );
}
