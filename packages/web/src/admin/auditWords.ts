import type { AuditCheckpoint, AuditCheckpointVerdict, AuditVerdict } from '../api/types';
import { formatDateTime, formatNumber } from '../format/locale';

/**
 * The audit trail's verdicts in plain words (docs/server.md, "Checkpoints"). `tone` says how the
 * screen marks it: intact, or something to act on.
 */
export interface AuditWords {
  readonly tone: 'intact' | 'alarm';
  readonly headline: string;
  readonly details: readonly string[];
}

const records = (n: number, locale?: string) =>
  `${formatNumber(n, {}, locale)} record${n === 1 ? '' : 's'}`;

/** GET /api/audit/verify: the hash chain recomputed from the first record to the head. */
export function verifyWords(verdict: AuditVerdict, locale?: string): AuditWords {
  if (verdict.ok)
    return {
      tone: 'intact',
      headline: `Intact: ${records(verdict.records, locale)}, every hash recomputed and matching.`,
      details: [
        'This shows the chain is whole as it stands. It cannot show records cut from its end or rewritten with every later hash recomputed: verify against a checkpoint saved outside the server for that.',
      ],
    };
  return {
    tone: 'alarm',
    headline: `Broken at record #${verdict.firstBrokenId}: its hash does not follow from the records before it.`,
    details: [
      'A record was changed, removed or inserted at or before that point. Keep the database as it is and tell whoever is responsible for the server.',
    ],
  };
}

/** POST /api/audit/verify with a checkpoint: the chain against the head it signed. */
export function checkpointWords(verdict: AuditCheckpointVerdict, locale?: string): AuditWords {
  const cp = verdict.checkpoint;
  const signed = `the checkpoint of ${formatDateTime(cp.at, locale)} (record #${cp.lastId ?? '—'}, ${records(cp.records, locale)})`;
  if (verdict.ok)
    return {
      tone: 'intact',
      headline: `Intact since ${signed}: its record is there with the hash it signed, and the chain holds to the head (${records(verdict.records, locale)} now).`,
      details: [
        'Records added after this checkpoint are covered only by the next one: take checkpoints often, and keep them where the server cannot write.',
      ],
    };
  const why: Record<typeof verdict.reason, string> = {
    missing: 'The trail is empty: every record, the checkpoint’s included, is gone.',
    truncated: `Records were removed: the checkpoint’s record #${cp.lastId ?? '—'} is no longer in the trail.`,
    rewritten: `Records were rewritten: record #${cp.lastId ?? '—'} is there with another hash, so something at or below it changed.`,
    broken: `The chain is broken at record #${verdict.firstBrokenId}.`,
  };
  return {
    tone: 'alarm',
    headline: `Not intact against ${signed}. ${why[verdict.reason]}`,
    details: [
      verdict.detail,
      'Keep the database as it is and tell whoever is responsible for the server.',
    ],
  };
}

/** What a downloaded checkpoint covers, to say beside the download. */
export function checkpointSaved(checkpoint: AuditCheckpoint, locale?: string): string {
  const cp = checkpoint.checkpoint;
  return cp.lastId === null
    ? `Saved a checkpoint of the empty trail (${formatDateTime(cp.at, locale)}).`
    : `Saved a checkpoint of record #${cp.lastId} (${records(cp.records, locale)}), signed ${formatDateTime(cp.at, locale)}. Keep the file somewhere the server cannot write.`;
}

/** The checkpoint file's name: the clinic's head it signed and when. */
export function checkpointFileName(checkpoint: AuditCheckpoint): string {
  const cp = checkpoint.checkpoint;
  const day = cp.at.slice(0, 10);
  return `microcore-audit-checkpoint-${day}-record-${cp.lastId ?? 0}.json`;
}
