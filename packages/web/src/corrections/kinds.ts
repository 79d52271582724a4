import { recordListKey } from '../patients/recordQueries';

/**
 * The kinds of record that can be corrected or struck out (docs/server.md "Corrections"): the
 * path of each under /api/patients/{id}/…, the name of its id in that path, how a sentence names
 * one record of it.
 */
export const CORRECTABLE_KINDS = {
  sessions: { idParam: 'sessionId', noun: 'session' },
  assessments: { idParam: 'assessmentId', noun: 'follow-up' },
  'adverse-events': { idParam: 'eventId', noun: 'adverse event' },
  consents: { idParam: 'consentId', noun: 'consent' },
  photos: { idParam: 'photoId', noun: 'photo' },
} as const;

export type CorrectableKind = keyof typeof CORRECTABLE_KINDS;

/** What every versioned record carries. */
export interface VersionedRecord {
  readonly id: string;
  readonly version: number;
  readonly recordStatus: 'current' | 'entered-in-error';
}

/** The cache key of a kind's list for a patient: the lists, timeline and histories under it. */
export const kindListKey = (kind: CorrectableKind, patientId: string) =>
  recordListKey(patientId, kind);

export const historyKey = (kind: CorrectableKind, patientId: string, recordId: string) =>
  [...kindListKey(kind, patientId), recordId, 'history'] as const;
