import { type Selectable, sql } from 'kysely';
import type { Db } from './db/open.js';
import type { PatientsTable } from './db/schema.js';
import { UUID } from './db/uuid.js';
import { GroupCommit } from './groupCommit.js';

export type PatientRow = Selectable<PatientsTable>;

interface Read {
  readonly userId: string;
  readonly patientId: string;
}

/**
 * Opening a patient's record — the hottest read there is — by group commit: the reads of one
 * clinic that arrive while a statement is in flight share the next one, which finds their
 * patients under row-level security and commits one `patient.read` audit record per found
 * patient (migrations/011). A read resolves only after its record is committed, as every read
 * of patient data does (see AuditQueue); under load, N reads cost one round trip, not 2N.
 */
export class PatientReads {
  readonly #batches: GroupCommit<Read, PatientRow | undefined>;

  constructor(db: Db) {
    this.#batches = new GroupCommit(async (clinicId, reads) => {
      const { rows } = await sql<PatientRow>`
        select * from patients_read(${clinicId}::uuid, ${JSON.stringify(reads)}::jsonb)`.execute(
        db,
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return reads.map((read) => byId.get(read.patientId));
    });
  }

  /**
   * The clinic's patient with this id, its read recorded; undefined (and nothing recorded) if the
   * clinic has no such patient, or if `patientId` is not a UUID in its 8-4-4-4-12 form (which is
   * never sent to the database: it would fail the whole batch).
   */
  read(clinicId: string, userId: string, patientId: string): Promise<PatientRow | undefined> {
    if (!UUID.test(patientId)) return Promise.resolve(undefined);
    // The database answers ids in lower case; the map above looks them up that way.
    return this.#batches.submit(clinicId, { userId, patientId: patientId.toLowerCase() });
  }

  /** Resolves when every read submitted so far has been answered. */
  flush(): Promise<void> {
    return this.#batches.flush();
  }
}
