import { api } from '../api/client';
import { unwrap } from '../api/problem';
import { CORRECTABLE_KINDS, type CorrectableKind } from './kinds';
import type { Version } from './versionDiff';

/**
 * The three corrections routes, alike for every kind (routes/patientRecordRoutes.ts builds them
 * from one description), called here once for all five. The generated types name each kind's
 * path separately; the path is built from the kind, so the typed client is told the one shape
 * they share.
 */

type Where = { kind: CorrectableKind; patientId: string; recordId: string };

const request = ({ kind, patientId, recordId }: Where, signal?: AbortSignal) => ({
  params: { path: { id: patientId, [CORRECTABLE_KINDS[kind].idParam]: recordId } },
  ...(signal ? { signal } : {}),
});

// One of the five paths stands for all: they take and answer the same shapes.
const path = (kind: CorrectableKind, route: 'corrections' | 'entered-in-error' | 'history') =>
  `/api/patients/{id}/${kind}/{${CORRECTABLE_KINDS[kind].idParam}}/${route}` as never;

export interface CorrectionBody {
  expectedVersion: number;
  reason: string;
  changes: Record<string, unknown>;
}

export async function correctRecord(where: Where, body: CorrectionBody) {
  return unwrap(
    await api.POST(path(where.kind, 'corrections'), { ...request(where), body } as never),
  ) as Record<string, unknown>;
}

export async function strikeOutRecord(
  where: Where,
  body: { expectedVersion: number; reason: string },
) {
  return unwrap(
    await api.POST(path(where.kind, 'entered-in-error'), { ...request(where), body } as never),
  ) as Record<string, unknown>;
}

export async function recordHistory(where: Where, signal?: AbortSignal) {
  const answer = unwrap(
    await api.GET(path(where.kind, 'history'), request(where, signal) as never),
  ) as { items: Version[] };
  return answer.items;
}
