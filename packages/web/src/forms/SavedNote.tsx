import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a form just saved; shown once the save has settled (the lists refreshed). */
export function SavedNote({ title = 'Saved', children }: { title?: string; children: ReactNode }) {
  return (
    <Alert color="teal.9" variant="outline" title={title} role="status">
      {children}
    </Alert>
  );
}
