import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { unwrap } from '../api/problem';
import type { EvidenceCalibration } from '../api/types';

/** GET /api/evidence/calibration's answer (docs/evidence.md, "Calibration"). */
export type CalibrationAnswer = EvidenceCalibration;

export interface CalibrationQuery {
  /** `clinic` (admins) or `pooled` (researchers; admins may ask too); the role's default if absent. */
  readonly scope?: 'clinic' | 'pooled';
  readonly includeSynthetic?: boolean;
}

/** The calibration for the evidence screen, cached per scope. */
export function useCalibration(query: CalibrationQuery = {}) {
  return useQuery({
    queryKey: [
      'evidence',
      'calibration',
      query.scope ?? 'default',
      query.includeSynthetic === true,
    ],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/evidence/calibration', {
          params: {
            query: {
              ...(query.scope ? { scope: query.scope } : {}),
              ...(query.includeSynthetic ? { includeSynthetic: 'true' as const } : {}),
            },
          },
          signal,
        }),
      ),
  });
}
