import { Alert } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAuth } from '../auth/AuthProvider';

/**
 * Photos identify a patient: the API never answers them to a researcher (who sees pooled,
 * de-identified data only), and no photo screen asks it to or shows one.
 */
export function PhotoAccess({ children }: { children: ReactNode }) {
  const { me } = useAuth();
  if (me?.role === 'researcher')
    return (
      <Alert color="gray" title="Photos are not shown to researchers">
        Patients' photos identify them; researchers work with pooled, de-identified data only.
      </Alert>
    );
  return children;
}
