import { Card, Grid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A record form with its rules beside it; an archived patient gets a sentence, not the form. */
export function FormBesideRules({
  archived,
  what,
  form,
  rules,
}: {
  archived: boolean;
  /** What the form records ("an adverse event"), for the archived patient's sentence. */
  what: string;
  form: ReactNode;
  rules: ReactNode;
}) {
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        {archived ? (
          <Text size="sm">The patient is archived: restore them to record {what}.</Text>
        ) : (
          form
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Card withBorder>{rules}</Card>
      </Grid.Col>
    </Grid>
  );
}
