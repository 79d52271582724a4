import { DEFAULT_WINDOWS, type EvidenceContribution, evidenceContribution } from '@microcore/core';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/open.js';
import { inClinic } from '../db/open.js';
import { loadClinicEvidence } from './clinicEvidence.js';

/**
 * A clinic's evidence as per-patient contributions (core evidence/contribution.ts), kept in
 * evidence_contributions (migrations/025): the summary aggregates them instead of loading and
 * summarising every journey on each request.
 *
 * Kept current by marks: the triggers on the seven tables a journey reads (023, extended by 025)
 * note every patient whose rows change in evidence_contributions_stale, in the writing
 * transaction. Before answering, the clinic's marks are taken (deleted) and then those patients
 * alone are read and their contributions replaced, in one transaction. Reading the records in a
 * statement after the marks were taken means that a write committed later leaves a new mark
 * (its insert waits for the deletion to commit when it hits the same patient), so the next
 * request recomputes that patient again: no change is ever missed, at worst recomputed twice.
 * A per-clinic advisory lock keeps two refreshes of one clinic from storing an older
 * contribution over a newer one.
 *
 * A contribution does not depend on the day (the aggregate applies the clinic's today), so a
 * new day recomputes nothing.
 */

/** Rows per INSERT (well under the 65,535 parameters). */
const INSERT_ROWS = 1000;

/** Recompute the contributions of the clinic's marked patients; nothing when none is marked. */
export async function refreshClinicContributions(db: Db, clinicId: string): Promise<void> {
  await inClinic(db, clinicId, async (tx) => {
    const marked = await tx
      .selectFrom('evidence_contributions_stale')
      .select('patient_id')
      .where('clinic_id', '=', clinicId)
      .limit(1)
      .executeTakeFirst();
    if (!marked) return;
    await sql`select pg_advisory_xact_lock(hashtext(${`microcore.evidence_contributions ${clinicId}`}))`.execute(
      tx,
    );
    const stale = await tx
      .deleteFrom('evidence_contributions_stale')
      .where('clinic_id', '=', clinicId)
      .returning('patient_id')
      .execute();
    if (stale.length === 0) return;
    const patientIds = stale.map((s) => s.patient_id);
    const journeys = await loadClinicEvidence(tx, clinicId, patientIds);
    await storeContributions(
      tx,
      clinicId,
      journeys.map((j) => ({
        patientId: j.patient.id,
        contribution: evidenceContribution(j, DEFAULT_WINDOWS),
      })),
    );
  });
}

async function storeContributions(
  tx: Tx,
  clinicId: string,
  rows: readonly { patientId: string; contribution: EvidenceContribution }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    await tx
      .insertInto('evidence_contributions')
      .values(
        rows.slice(i, i + INSERT_ROWS).map((r) => ({
          clinic_id: clinicId,
          patient_id: r.patientId,
          contribution: JSON.stringify(r.contribution),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['clinic_id', 'patient_id'])
          .doUpdateSet({ contribution: (eb) => eb.ref('excluded.contribution') }),
      )
      .execute();
  }
}

export interface ClinicContributions {
  readonly patients: number;
  readonly syntheticPatients: number;
  /** In no particular order: the summary does not depend on it (core evidence/partial.ts). */
  readonly contributions: EvidenceContribution[];
}

/**
 * Every stored contribution of the clinic, as text rows joined into one JSON text parsed at once:
 * far cheaper than a parsed object per row, and than json_agg in the database (measured at 10,000
 * patients: 33 ms against 160 ms for the read, bench/RESULTS.md).
 */
export async function readClinicContributions(
  tx: Tx,
  clinicId: string,
): Promise<ClinicContributions> {
  const { rows } = await sql<{ synthetic: boolean; contribution: string }>`
    select p.synthetic, c.contribution::text as contribution
    from patients p
    join evidence_contributions c on c.clinic_id = p.clinic_id and c.patient_id = p.id
    where p.clinic_id = ${clinicId}`.execute(tx);
  return {
    patients: rows.length,
    syntheticPatients: rows.filter((r) => r.synthetic).length,
    contributions: parseContributions(rows),
  };
}

/** One JSON.parse over the rows' contribution texts, in their order. */
export function parseContributions(
  rows: readonly { contribution: string }[],
): EvidenceContribution[] {
  return JSON.parse(`[${rows.map((r) => r.contribution).join(',')}]`) as EvidenceContribution[];
}
