import { Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { VersionedRecord } from './kinds';

/** A record's summary, struck through when it was entered in error (still readable). */
export function StruckOut({ record, children }: { record: VersionedRecord; children: ReactNode }) {
  if (record.recordStatus !== 'entered-in-error') return children;
  return (
    <Text span inherit td="line-through">
      {children}
    </Text>
  );
}
