import { createHmac } from 'node:crypto';
import {
  addContribution,
  DEFAULT_WINDOWS,
  type DeidentifiedJourney,
  type EvidenceContribution,
  type EvidencePartial,
  type EvidenceSummary,
  evidenceContribution,
  evidencePartialOf,
  finishEvidence,
  type Stratification,
  subtractContribution,
} from '@microcore/core';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/open.js';
import { parseContributions } from './clinicContributions.js';
import { deidentifiedPool, type PooledJourney } from './researchPool.js';

/**
 * The research pool's quarterly snapshot (migrations/023, docs/evidence.md "The pool's
 * snapshot"): the pooled de-identified journeys of one quarter's cutoff, computed once per
 * quarter and key into research_snapshot_journeys (each with its evidence contribution, 025), and
 * each summary asked of them aggregated once from the contributions into
 * research_snapshot_summaries, with its partial aggregate (core evidence/partial.ts, 026).
 * Pooled requests answer from these tables.
 *
 * What the pool promises is kept: the records entered by the cutoff as they now read. The
 * database's triggers mark a patient stale when one of their rows entered by the cutoff changes
 * (a withdrawn or struck-out research consent, a correction, a strike-out, a resolution); the next
 * pooled request re-reads those patients alone, replaces their journeys and updates each stored
 * summary by them (their old contributions subtracted from its partial, the new ones added: exact
 * integer counts, so the summary is the one aggregating every journey would give), in one
 * transaction, before it answers.
 *
 * Guards, for concurrent first requests and for several server processes on one database:
 * - a computation never makes a write wait (migration 025; 023 had every pooled write take a lock
 *   the computation held exclusively). It first announces the snapshot: its row, not yet
 *   complete, committed, so every write from then on marks it; it waits for the writes already in
 *   flight then (their trigger may have run before the row was visible) to end; and only then
 *   reads the pool in one REPEATABLE READ transaction, which sees every write committed so far
 *   and writes the journeys and `complete`. A write committed later has marked the snapshot, and
 *   the first request after completion re-reads that patient. Readers ignore a snapshot not
 *   complete. This relies on the server writing in READ COMMITTED (each statement, its trigger
 *   included, sees the announcement once committed), as every write of it does: a write in an
 *   older REPEATABLE READ snapshot would not see it;
 * - computations take turns on the session advisory lock COMPUTE_LOCK (held on one connection);
 *   whoever gets it second finds the snapshot complete and does not compute it again;
 * - re-reading stale patients (and updating the summaries by them) and computing a summary hold
 *   the snapshot's own advisory lock, so a summary's partial is always that of the journeys
 *   stored: never stored from journeys a re-read has just replaced, never updated twice;
 * - each write of tables is one transaction, so no reader ever sees a snapshot half written;
 * - within a process, concurrent requests for the same work share one promise.
 */

/** Computations of a snapshot take turns on this session lock (writes never take it). */
const COMPUTE_LOCK = 'microcore.research_snapshot.compute';

/** How often to look whether the writes in flight at the announcement have ended. */
const IN_FLIGHT_POLL_MS = 20;

/** Rows per INSERT when writing journeys (well under the 65,535 parameters). */
const INSERT_ROWS = 500;

export interface SnapshotSummary {
  readonly patients: number;
  readonly syntheticPatients: number;
  readonly summary: EvidenceSummary;
}

export interface SnapshotJourneys {
  readonly patients: number;
  readonly syntheticPatients: number;
  /** By pseudonym: the order says nothing about clinics, ids or when patients were added. */
  readonly items: DeidentifiedJourney[];
}

export class ResearchSnapshots {
  readonly #db: Db;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** The pooled summary as of `cutoff` (computed once, then read back). */
  async summary(
    key: string,
    cutoff: string,
    includeSynthetic: boolean,
    stratify: Stratification,
  ): Promise<SnapshotSummary> {
    const keyId = keyIdOf(key);
    await this.#current(key, keyId, cutoff);
    // Inside the transaction, its own connection: PGlite has only the one.
    const read = (db: Db | Tx) =>
      db
        .selectFrom('research_snapshot_summaries')
        .select(['patients', 'synthetic_patients', 'summary'])
        .where('cutoff', '=', cutoff)
        .where('key_id', '=', keyId)
        .where('include_synthetic', '=', includeSynthetic)
        .where('stratify', '=', stratify)
        .executeTakeFirst();
    const stored = await read(this.#db);
    if (stored) return summaryOf(stored);
    return this.#once(`summary ${cutoff} ${keyId} ${includeSynthetic} ${stratify}`, () =>
      this.#db.transaction().execute(async (tx) => {
        await snapshotLock(tx, cutoff, keyId);
        const again = await read(tx);
        if (again) return summaryOf(again);
        const pool = await contributionsOf(tx, cutoff, keyId, includeSynthetic);
        const partial = evidencePartialOf(pool.contributions, { stratify });
        const result = {
          patients: pool.patients,
          syntheticPatients: pool.syntheticPatients,
          summary: finishEvidence(partial),
        };
        await tx
          .insertInto('research_snapshot_summaries')
          .values({
            cutoff,
            key_id: keyId,
            include_synthetic: includeSynthetic,
            stratify,
            patients: result.patients,
            synthetic_patients: result.syntheticPatients,
            summary: JSON.stringify(result.summary),
            partial: JSON.stringify(partial),
          })
          .execute();
        return result;
      }),
    );
  }

  /** The pooled de-identified journeys as of `cutoff`, by pseudonym. */
  async journeys(
    key: string,
    cutoff: string,
    includeSynthetic: boolean,
  ): Promise<SnapshotJourneys> {
    const keyId = keyIdOf(key);
    await this.#current(key, keyId, cutoff);
    return journeysOf(this.#db, cutoff, keyId, includeSynthetic);
  }

  /** The snapshot there and none of its patients stale. */
  async #current(key: string, keyId: string, cutoff: string): Promise<void> {
    const { rows } = await sql<{ present: boolean; stale: boolean }>`
      select
        exists (select from research_snapshots
                 where cutoff = ${cutoff} and key_id = ${keyId} and complete) as present,
        exists (select from research_snapshot_stale where cutoff = ${cutoff} and key_id = ${keyId})
          as stale`.execute(this.#db);
    const state = rows[0];
    if (!state?.present) {
      await this.#once(`compute ${cutoff} ${keyId}`, () => this.#compute(key, keyId, cutoff));
      // Writes committed while it was computed have marked their patients: re-read them now.
      await this.#once(`refresh ${cutoff} ${keyId}`, () => this.#refresh(key, keyId, cutoff));
    } else if (state.stale)
      await this.#once(`refresh ${cutoff} ${keyId}`, () => this.#refresh(key, keyId, cutoff));
  }

  /** The whole snapshot (unless another computation made it first); see the guards above. */
  #compute(key: string, keyId: string, cutoff: string): Promise<void> {
    return this.#db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtext(${COMPUTE_LOCK}))`.execute(connection);
      try {
        const made = await connection
          .selectFrom('research_snapshots')
          .select('complete')
          .where('cutoff', '=', cutoff)
          .where('key_id', '=', keyId)
          .executeTakeFirst();
        if (made?.complete) return;
        if (!made) {
          await connection.transaction().execute(async (tx) => {
            // Earlier quarters of this key are no longer asked for.
            await tx
              .deleteFrom('research_snapshots')
              .where('key_id', '=', keyId)
              .where('cutoff', '<', cutoff)
              .execute();
            await tx.insertInto('research_snapshots').values({ cutoff, key_id: keyId }).execute();
          });
        }
        await writesInFlightEnded(connection);
        await connection
          .transaction()
          .setIsolationLevel('repeatable read')
          .execute(async (tx) => {
            const pooled = await deidentifiedPool(tx, key, {
              cutoffDate: cutoff,
              includeSynthetic: true,
            });
            // Marks made since the announcement stay: a re-read of those patients is harmless.
            await insertJourneys(tx, cutoff, keyId, withContributions(pooled));
            await tx
              .updateTable('research_snapshots')
              .set({ complete: true })
              .where('cutoff', '=', cutoff)
              .where('key_id', '=', keyId)
              .execute();
          });
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${COMPUTE_LOCK}))`.execute(connection);
      }
    });
  }

  /**
   * Re-read the patients marked stale, replace their journeys, and update the stored summaries by
   * them (their old contributions out, the new in): the next answer is a read again.
   */
  #refresh(key: string, keyId: string, cutoff: string): Promise<void> {
    return this.#db.transaction().execute(async (tx) => {
      await snapshotLock(tx, cutoff, keyId);
      const stale = await tx
        .deleteFrom('research_snapshot_stale')
        .where('cutoff', '=', cutoff)
        .where('key_id', '=', keyId)
        .returning('patient_id')
        .execute();
      if (stale.length === 0) return;
      const patientIds = stale.map((s) => s.patient_id);
      const removed = await tx
        .deleteFrom('research_snapshot_journeys')
        .where('cutoff', '=', cutoff)
        .where('key_id', '=', keyId)
        .where('patient_id', 'in', patientIds)
        .returning(['synthetic', sql<string>`contribution::text`.as('contribution')])
        .execute();
      // A patient who left the pool (consent withdrawn or struck out) has no row here.
      const pooled = await deidentifiedPool(tx, key, {
        cutoffDate: cutoff,
        includeSynthetic: true,
        patientIds,
      });
      const added = withContributions(pooled);
      await insertJourneys(tx, cutoff, keyId, added);
      await updateSummaries(
        tx,
        cutoff,
        keyId,
        parseContributions(removed).map((contribution, i) => ({
          synthetic: removed[i].synthetic,
          contribution,
        })),
        added.map(({ journey, contribution }) => ({
          synthetic: journey.patient.synthetic,
          contribution,
        })),
      );
    });
  }

  /** One promise per piece of work within this process. */
  #once<T>(name: string, work: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(name);
    if (running) return running as Promise<T>;
    const started = work().finally(() => this.#inFlight.delete(name));
    this.#inFlight.set(name, started);
    return started;
  }
}

/**
 * Which key a snapshot's pseudonyms were made with: an HMAC of a fixed label, so the key itself
 * is not stored and servers with different keys on one database keep apart.
 */
export function keyIdOf(key: string): string {
  return createHmac('sha256', key).update('microcore research snapshot').digest('hex').slice(0, 32);
}

/**
 * Wait until every transaction that was writing when this is called has ended (as CREATE INDEX
 * CONCURRENTLY does): read-only transactions have no transaction id and are not waited for.
 */
async function writesInFlightEnded(db: Db): Promise<void> {
  const { rows } = await sql<{ snapshot: string }>`
    select pg_current_snapshot()::text as snapshot`.execute(db);
  const snapshot = rows[0]?.snapshot ?? '';
  for (;;) {
    const { rows: running } = await sql<{ running: boolean }>`
      select exists (
        select from pg_snapshot_xip(${snapshot}::pg_snapshot) as x
        where pg_xact_status(x) = 'in progress') as running`.execute(db);
    if (!running[0]?.running) return;
    await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_POLL_MS));
  }
}

/** The snapshot's own lock: re-reading stale patients and computing a summary take turns. */
function snapshotLock(tx: Tx, cutoff: string, keyId: string) {
  return sql`select pg_advisory_xact_lock(hashtext(${`microcore.research_snapshot ${cutoff} ${keyId}`}))`.execute(
    tx,
  );
}

interface StoredJourney extends PooledJourney {
  readonly contribution: EvidenceContribution;
}

/** Each pooled journey with its evidence contribution (default windows, as every summary). */
function withContributions(pooled: readonly PooledJourney[]): StoredJourney[] {
  return pooled.map((p) => ({
    ...p,
    contribution: evidenceContribution(p.journey, DEFAULT_WINDOWS),
  }));
}

async function insertJourneys(
  tx: Tx,
  cutoff: string,
  keyId: string,
  stored: readonly StoredJourney[],
): Promise<void> {
  for (let i = 0; i < stored.length; i += INSERT_ROWS) {
    await tx
      .insertInto('research_snapshot_journeys')
      .values(
        stored.slice(i, i + INSERT_ROWS).map(({ patientId, journey, contribution }) => ({
          cutoff,
          key_id: keyId,
          patient_id: patientId,
          pseudonym: journey.patient.pseudonym,
          synthetic: journey.patient.synthetic,
          journey: JSON.stringify(journey),
          contribution: JSON.stringify(contribution),
        })),
      )
      .execute();
  }
}

/** A journey's contribution as a summary counts it: synthetic ones only where they are asked for. */
interface Counted {
  readonly synthetic: boolean;
  readonly contribution: EvidenceContribution;
}

/**
 * Brings every stored summary of the snapshot up to date with re-read patients: their old
 * contributions subtracted from its partial, the new ones added, the summary finished again from
 * it. Exact (integer counts), so it is the summary aggregating the stored contributions gives.
 */
async function updateSummaries(
  tx: Tx,
  cutoff: string,
  keyId: string,
  removed: readonly Counted[],
  added: readonly Counted[],
): Promise<void> {
  const rows = await tx
    .selectFrom('research_snapshot_summaries')
    .select([
      'include_synthetic',
      'stratify',
      'patients',
      'synthetic_patients',
      sql<string>`partial::text`.as('partial'),
    ])
    .where('cutoff', '=', cutoff)
    .where('key_id', '=', keyId)
    .execute();
  for (const row of rows) {
    const thisRow = {
      cutoff,
      key_id: keyId,
      include_synthetic: row.include_synthetic,
      stratify: row.stratify,
    };
    const next = updated(row, removed, added);
    if (next) {
      await tx
        .updateTable('research_snapshot_summaries')
        .set({
          patients: next.patients,
          synthetic_patients: next.syntheticPatients,
          summary: JSON.stringify(finishEvidence(next.partial)),
          partial: JSON.stringify(next.partial),
        })
        .where((eb) => eb.and(thisRow))
        .execute();
    } else {
      // A partial that does not hold what it should (never seen; it would be a bug): dropped, so
      // the next request computes the summary from the stored journeys instead of failing on it.
      await tx
        .deleteFrom('research_snapshot_summaries')
        .where((eb) => eb.and(thisRow))
        .execute();
    }
  }
}

/** A stored summary's partial and counts with `removed` out and `added` in; null if it cannot be. */
function updated(
  row: {
    include_synthetic: boolean;
    patients: number;
    synthetic_patients: number;
    partial: string;
  },
  removed: readonly Counted[],
  added: readonly Counted[],
): { partial: EvidencePartial; patients: number; syntheticPatients: number } | null {
  const counts = (c: Counted) => row.include_synthetic || !c.synthetic;
  const partial = JSON.parse(row.partial) as EvidencePartial;
  let patients = row.patients;
  let syntheticPatients = row.synthetic_patients;
  try {
    for (const c of removed.filter(counts)) {
      subtractContribution(partial, c.contribution);
      patients--;
      if (c.synthetic) syntheticPatients--;
    }
    for (const c of added.filter(counts)) {
      addContribution(partial, c.contribution);
      patients++;
      if (c.synthetic) syntheticPatients++;
    }
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
  return { partial, patients, syntheticPatients };
}

async function journeysOf(
  db: Db | Tx,
  cutoff: string,
  keyId: string,
  includeSynthetic: boolean,
): Promise<SnapshotJourneys> {
  let query = db
    .selectFrom('research_snapshot_journeys')
    .select('journey')
    .where('cutoff', '=', cutoff)
    .where('key_id', '=', keyId);
  if (!includeSynthetic) query = query.where('synthetic', '=', false);
  // Byte order, as JavaScript compares the hex pseudonyms (not the database's collation).
  const rows = await query.orderBy(sql`pseudonym collate "C"`).execute();
  const items = rows.map((r) => r.journey as DeidentifiedJourney);
  return {
    patients: items.length,
    syntheticPatients: items.filter((j) => j.patient.synthetic).length,
    items,
  };
}

/**
 * The stored contributions of the snapshot's journeys, parsed at once (parseContributions); in no
 * particular order, as the summary does not depend on it.
 */
async function contributionsOf(
  tx: Tx,
  cutoff: string,
  keyId: string,
  includeSynthetic: boolean,
): Promise<{ patients: number; syntheticPatients: number; contributions: EvidenceContribution[] }> {
  let query = tx
    .selectFrom('research_snapshot_journeys')
    .select(['synthetic', sql<string>`contribution::text`.as('contribution')])
    .where('cutoff', '=', cutoff)
    .where('key_id', '=', keyId);
  if (!includeSynthetic) query = query.where('synthetic', '=', false);
  const rows = await query.execute();
  return {
    patients: rows.length,
    syntheticPatients: rows.filter((r) => r.synthetic).length,
    contributions: parseContributions(rows),
  };
}

function summaryOf(row: {
  patients: number;
  synthetic_patients: number;
  summary: unknown;
}): SnapshotSummary {
  return {
    patients: row.patients,
    syntheticPatients: row.synthetic_patients,
    summary: row.summary as EvidenceSummary,
  };
}
