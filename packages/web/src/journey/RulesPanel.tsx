import { List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * The server's rules for a kind of record, beside its form, so they are known before saving.
 * The server still decides: these words only say what it checks.
 */
export function RulesPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <Title order={4} id={id} mb="xs">
        The rules
      </Title>
      <List size="sm" spacing={4}>
        {children}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        The server checks these when you save; a refusal is shown beside its field.
      </Text>
    </section>
  );
}
