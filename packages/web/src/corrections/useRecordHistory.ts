import { useQuery } from '@tanstack/react-query';
import { recordHistory } from './correctionsApi';
import { type CorrectableKind, historyKey } from './kinds';

/** Every version of one record, oldest first (read only when `enabled`). */
export function useRecordHistory(
  where: { kind: CorrectableKind; patientId: string; recordId: string },
  enabled = true,
) {
  return useQuery({
    queryKey: historyKey(where.kind, where.patientId, where.recordId),
    queryFn: ({ signal }) => recordHistory(where, signal),
    enabled,
  });
}
