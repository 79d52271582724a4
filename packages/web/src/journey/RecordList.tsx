import { Alert, Loader, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';

/**
 * A titled list of a patient's records: loading, the failure, "none yet", else `children` with
 * the items (struck-out records included: they stay readable, marked).
 */
export function RecordList<Item>({
  id,
  title,
  what,
  none,
  query,
  children,
}: {
  id: string;
  title: string;
  /** The records, as a sentence names them ("the adverse events"). */
  what: string;
  none: string;
  query: UseQueryResult<{ items: Item[] }>;
  children: (items: Item[]) => ReactNode;
}) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={3} id={id}>
        {title}
      </Title>
      {query.isPending && <Loader size="sm" aria-label={`Loading ${what}`} />}
      {query.isError && (
        <Alert
          color="red"
          title={`${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded`}
        >
          {query.error.message}
        </Alert>
      )}
      {query.data?.items.length === 0 && <Text size="sm">{none}</Text>}
      {query.data && query.data.items.length > 0 && children(query.data.items)}
    </Stack>
  );
}
