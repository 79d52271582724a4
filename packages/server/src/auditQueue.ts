import { type AuditEvent, appendAuditRecords } from './audit.js';
import type { Db } from './db/open.js';

/** Records per transaction at most: bounds a transaction's size and the head lock's hold. */
const MAX_BATCH = 256;

interface Waiter {
  readonly event: AuditEvent;
  resolve(): void;
  reject(error: unknown): void;
}

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
  readonly #db: Db;
  #pending: Waiter[] = [];
  #draining: Promise<void> | undefined;

  constructor(db: Db) {
    this.#db = db;
  }

  /** Resolves when the record is committed; rejects (and nothing is half-written) if it is not. */
  append(event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ event, resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** Resolves when every record appended so far is committed (or has failed). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, MAX_BATCH);
        await this.#commit(batch);
      }
    } finally {
      this.#draining = undefined;
    }
  }

  /** One statement (its own transaction) per clinic in the batch. */
  async #commit(batch: readonly Waiter[]): Promise<void> {
    const byClinic = new Map<string, Waiter[]>();
    for (const waiter of batch) {
      const group = byClinic.get(waiter.event.clinicId);
      if (group) group.push(waiter);
      else byClinic.set(waiter.event.clinicId, [waiter]);
    }
    await Promise.all(
      [...byClinic].map(async ([clinicId, group]) => {
        try {
          await appendAuditRecords(
            this.#db,
            clinicId,
            group.map((w) => w.event),
          );
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }),
    );
  }
}
