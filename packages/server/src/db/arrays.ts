import { type RawBuilder, sql } from 'kysely';

/**
 * A PostgreSQL array parameter that means the same on both drivers: the values travel as one
 * JSON text and are unpacked by the database, so neither node-postgres's nor PGlite's own array
 * serialisation (which differ) is involved. Read such a column back with `to_jsonb(column)`:
 * node-postgres would turn a date[] into JavaScript Dates in the server's time zone.
 */
export function sqlArray<T extends string>(
  values: readonly T[],
  elementType: 'text' | 'date',
): RawBuilder<T[]> {
  const json = JSON.stringify(values);
  return elementType === 'date'
    ? sql<
        T[]
      >`array(select cast(e as date) from jsonb_array_elements_text(cast(${json} as jsonb)) with ordinality as t(e, n) order by n)`
    : sql<
        T[]
      >`array(select e from jsonb_array_elements_text(cast(${json} as jsonb)) with ordinality as t(e, n) order by n)`;
}
