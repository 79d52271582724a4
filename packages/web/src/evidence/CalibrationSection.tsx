import { Alert, Loader } from '@mantine/core';
import { CalibrationPanel } from './CalibrationPanel';
import type { EvidenceQuery } from './types';
import { useCalibration } from './useCalibration';

/** The evidence screen's calibration: the same scope (and synthetic switch) as its charts. */
export function CalibrationSection({ query }: { query: EvidenceQuery }) {
  const calibration = useCalibration({
    scope: query.scope,
    includeSynthetic: query.includeSynthetic,
  });
  if (calibration.error)
    return (
      <Alert color="red" title="The calibration could not be read" role="alert">
        {calibration.error.message}
      </Alert>
    );
  if (!calibration.data) return <Loader size="sm" aria-label="Loading the calibration" />;
  return <CalibrationPanel calibration={calibration.data} />;
}
