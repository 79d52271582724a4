import type { EvidenceSummary, Stratification } from '@microcore/core';

/**
 * GET /api/evidence/summary's answer. The server's OpenAPI schema types only the envelope (scope,
 * label, counts) and leaves the summary open, so its shape is the core's own type (types only:
 * nothing of the core is bundled by this import).
 */
export type EvidenceAnswer = EvidenceSummary & {
  readonly scope: 'clinic' | 'pooled-deidentified';
  readonly basis: 'observed-outcomes';
  /** "Observed outcomes of recorded patients …, not model estimates". */
  readonly label: string;
  readonly scopeLabel: string;
  readonly patients: number;
  readonly syntheticPatients: number;
  /** Pooled scope: the snapshot day; null for the clinic's live scope. */
  readonly asOf: string | null;
};

export type { Stratification };

/** What the screen asks the API for: the admin's clinic, or the pooled de-identified records. */
export interface EvidenceQuery {
  readonly scope: 'clinic' | 'pooled';
  /** Pooled scope only: the demo clinic's synthetic patients too. */
  readonly includeSynthetic: boolean;
}
