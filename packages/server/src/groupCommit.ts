/** Items per batch at most: bounds a statement's size and how long it holds the chain lock. */
const MAX_BATCH = 256;

interface Waiter<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** One key's queue: the items waiting, and the loop that commits them, while it runs. */
interface Queue<Item, Result> {
  pending: Waiter<Item, Result>[];
  draining: Promise<void> | undefined;
}

/**
 * Group commit: items of one key (a clinic) submitted while that key's batch is in flight wait
 * and share its next one, which `commit` runs as one statement (one transaction, one WAL
 * flush). Alone, an item waits for nothing but its own commit; under load, N requests cost one
 * round trip instead of N. Each key has its own queue, so a clinic whose commit is slow (its
 * audit chain locked by a long write) holds up only its own items.
 *
 * `commit(key, items)` returns one result per item, in order. If it throws, every item of that
 * batch is rejected with the error — it must write all of a batch or none of it.
 */
export class GroupCommit<Item, Result> {
  readonly #commit: (key: string, items: readonly Item[]) => Promise<readonly Result[]>;
  readonly #queues = new Map<string, Queue<Item, Result>>();

  constructor(commit: (key: string, items: readonly Item[]) => Promise<readonly Result[]>) {
    this.#commit = commit;
  }

  /** Resolves with the item's result once its batch has committed. */
  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      let queue = this.#queues.get(key);
      if (!queue) {
        queue = { pending: [], draining: undefined };
        this.#queues.set(key, queue);
      }
      queue.pending.push({ item, resolve, reject });
      queue.draining ??= this.#drain(key, queue);
    });
  }

  /** Resolves when every item submitted so far has committed (or failed). */
  async flush(): Promise<void> {
    for (;;) {
      const draining = [...this.#queues.values()].flatMap((q) => q.draining ?? []);
      if (draining.length === 0) return;
      await Promise.all(draining);
    }
  }

  // One batch in flight per key. Measured with one clinic: two or four in flight were slower
  // (8–25 % at 10 and 100 connections), since a clinic's batches queue on its chain lock anyway.
  // When a batch returns, the next one is sent before the finished one is answered: answering
  // (serialising and writing the responses) then overlaps the database's work on the next batch
  // instead of leaving it idle.
  async #drain(key: string, queue: Queue<Item, Result>): Promise<void> {
    const next = () =>
      queue.pending.length > 0 ? this.#run(key, queue.pending.splice(0, MAX_BATCH)) : undefined;
    try {
      let inFlight = next();
      while (inFlight) {
        const answer = await inFlight;
        inFlight = next();
        // A macrotask later, so the next statement is on the wire before the answers go out.
        await new Promise<void>((resolve) =>
          setImmediate(() => {
            answer();
            resolve();
          }),
        );
        // Items submitted while the answers went out (a waiter's continuation may submit more).
        inFlight ??= next();
      }
    } finally {
      queue.draining = undefined;
      if (queue.pending.length === 0) this.#queues.delete(key);
    }
  }

  /**
   * Commit one key's batch. Resolves (never rejects) with the function that settles the batch's
   * waiters with their results or with the error.
   */
  async #run(key: string, batch: readonly Waiter<Item, Result>[]): Promise<() => void> {
    try {
      const results = await this.#commit(
        key,
        batch.map((w) => w.item),
      );
      if (results.length !== batch.length)
        throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      return () => {
        for (const [i, w] of batch.entries()) w.resolve(results[i] as Result);
      };
    } catch (error) {
      return () => {
        for (const w of batch) w.reject(error);
      };
    }
  }
}
