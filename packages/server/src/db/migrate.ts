import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './open.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/**
 * Apply the SQL files `NNN_name.sql` in order, each in its own transaction, recording each in
 * `schema_migrations`. A migration already recorded is skipped, so applying twice is a no-op.
 * An advisory lock keeps two server processes starting at once from racing.
 */
export async function migrate(db: Db, dir: string = MIGRATIONS_DIR): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  const applied: string[] = [];
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);
  for (const file of files) {
    const name = file.replace(/\.sql$/, '');
    const done = await db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(7246001)`.execute(tx);
      const seen = await tx
        .selectFrom('schema_migrations')
        .select('name')
        .where('name', '=', name)
        .executeTakeFirst();
      if (seen) return false;
      await sql.raw(readFileSync(`${dir}/${file}`, 'utf8')).execute(tx);
      await tx.insertInto('schema_migrations').values({ name }).execute();
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
