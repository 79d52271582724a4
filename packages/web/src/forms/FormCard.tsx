import { Card, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { FormProblems } from './FormProblems';

/**
 * A form in its own card: a heading that names the form, the refusals above the fields
 * (FormProblems), then the fields. Every record form of the journey screens is one of these.
 */
export function FormCard({
  id,
  title,
  onSubmit,
  problems,
  small = false,
  children,
}: {
  /** The heading's id, which also names the form for a screen reader. */
  id: string;
  title: string;
  onSubmit: (event: FormEvent) => void;
  problems: Parameters<typeof FormProblems>[0];
  /** A form beside another (a smaller heading, closer fields). */
  small?: boolean;
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={3} size={small ? 'h4' : undefined} id={id} mb="sm">
        {title}
      </Title>
      <form onSubmit={onSubmit} noValidate aria-labelledby={id}>
        <Stack gap={small ? 'sm' : 'md'}>
          <FormProblems {...problems} />
          {children}
        </Stack>
      </form>
    </Card>
  );
}
