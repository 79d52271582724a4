import { type AuditEvent, appendAuditRecords } from './audit.js';
import type { Db } from './db/open.js';
import { GroupCommit } from './groupCommit.js';

/**
 * Group commit for the audit records that stand alone (reads of patient data, refusals): each
 * `append` resolves once its record is committed, so a read's record is durable before the data
 * goes out, but the records that arrive while one transaction commits share the next one.
 * Under load that turns one chain-lock-and-fsync per request into one per batch; alone, a record
 * waits for nothing but its own commit.
 *
 * Writes keep appending inside their own transaction (`appendAudit`), so a change and its record
 * commit together. Both paths lock the clinic's chain head, so the chain stays one line.
 */
export class AuditQueue {
  readonly #batches: GroupCommit<AuditEvent, void>;

  constructor(db: Db) {
    // One audit_append statement (its own transaction) per clinic in a batch.
    this.#batches = new GroupCommit(async (clinicId, events) => {
      await appendAuditRecords(db, clinicId, events);
      return events.map(() => undefined);
    });
  }

  /** Resolves when the record is committed; rejects (and nothing is half-written) if it is not. */
  append(event: AuditEvent): Promise<void> {
    return this.#batches.submit(event.clinicId, event);
  }

  /** Resolves when every record appended so far is committed (or has failed). */
  flush(): Promise<void> {
    return this.#batches.flush();
  }
}
