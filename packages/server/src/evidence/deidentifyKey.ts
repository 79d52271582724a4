import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';

/** The server_secrets row that holds a generated key (migrations/007). */
const SECRET_NAME = 'deidentify-key';

/**
 * The key of the researchers' pseudonyms and date shifts (core/evidence/deidentify.ts):
 * MICROCORE_DEIDENTIFY_KEY when set; otherwise a 256-bit key generated once and kept in the
 * database, so pseudonyms stay stable across restarts, backups and every server process sharing
 * the database (the first to insert wins; the others read its key back). Looked up once per
 * process, on the first pooled request.
 */
export class DeidentifyKey {
  readonly #db: Db;
  readonly #configured: string | undefined;
  #key: Promise<string> | undefined;

  constructor(db: Db, configured: string | undefined) {
    this.#db = db;
    this.#configured = configured;
  }

  get(): Promise<string> {
    if (this.#configured !== undefined) return Promise.resolve(this.#configured);
    this.#key ??= this.#stored().catch((error) => {
      // A failed lookup (database briefly away) is retried by the next request.
      this.#key = undefined;
      throw error;
    });
    return this.#key;
  }

  async #stored(): Promise<string> {
    const read = () =>
      this.#db
        .selectFrom('server_secrets')
        .select('value')
        .where('name', '=', SECRET_NAME)
        .executeTakeFirst();
    const found = await read();
    if (found) return found.value;
    await this.#db
      .insertInto('server_secrets')
      .values({ name: SECRET_NAME, value: randomBytes(32).toString('hex') })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const stored = await read();
    if (!stored) throw new Error('the generated de-identification key was not stored');
    return stored.value;
  }
}
