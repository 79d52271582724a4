-- A plan's cores move out of its jsonb into bytes (docs/server.md, "How a plan is stored"): jsonb
-- keeps each coordinate as a numeric, so storing the largest clinical plan (58,466 cores, 1.1 MB
-- of JSON) held embedded PGlite, which runs on the server's event loop, for over 100 ms. `plan`
-- keeps the plan without its zones' `cores` (the "head": everything the plan list and a session's
-- checks read), and `cores` holds them in format 1 of src/records/planCores.ts:
--
--   byte 0      the format, 1
--   int32       number of zones                       (every int32 big-endian: int4send)
--   per zone, in the plan's zone order:
--     int32     number of cores
--     per core, in the zone's order: int32 x, int32 y, in units of 1e-4 mm
--
-- The server reads a plan back whole through one function (records/plan.ts, wholePlan).
--
-- A server of an earlier version would read heads as whole plans and could not store one (cores
-- is NOT NULL): stop every server process before starting this version.

-- The bytes are random-looking: EXTERNAL keeps them out of line without pglz trying to compress
-- them first.
ALTER TABLE plans ADD COLUMN cores bytea;
ALTER TABLE plans ALTER COLUMN cores SET STORAGE EXTERNAL;

-- Every stored coordinate must be a whole number of 1e-4 mm within int32 (the planner has always
-- rounded to that grid), each core a pair, each zone's coreCount its number of cores. A plan that
-- is not stops the migration with its id, rather than being rounded into another plan.
DO $$
DECLARE
  v_bad text;
BEGIN
  -- A CASE before each jsonb_array_elements: SQL does not promise to test the type first.
  SELECT string_agg(p.id::text, ', ') INTO v_bad
    FROM plans p
   WHERE jsonb_typeof(p.plan->'zones') IS DISTINCT FROM 'array'
      OR EXISTS (
        SELECT 1
          FROM jsonb_array_elements(CASE WHEN jsonb_typeof(p.plan->'zones') = 'array'
                                         THEN p.plan->'zones' ELSE '[]' END) z
         WHERE jsonb_typeof(z->'cores') IS DISTINCT FROM 'array'
            OR (z->'coreCount') IS DISTINCT FROM to_jsonb(jsonb_array_length(
                 CASE WHEN jsonb_typeof(z->'cores') = 'array' THEN z->'cores' ELSE '[]' END))
            OR EXISTS (
              SELECT 1
                FROM jsonb_array_elements(CASE WHEN jsonb_typeof(z->'cores') = 'array'
                                               THEN z->'cores' ELSE '[]' END) c
               WHERE jsonb_typeof(c) IS DISTINCT FROM 'array'
                  OR jsonb_array_length(CASE WHEN jsonb_typeof(c) = 'array' THEN c ELSE '[]' END) <> 2
                  OR EXISTS (
                    SELECT 1
                      FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c) = 'array'
                                                     THEN c ELSE '[]' END) v
                     WHERE jsonb_typeof(v) <> 'number'
                        OR CASE WHEN jsonb_typeof(v) = 'number'
                                THEN (v::text::numeric * 10000) <> trunc(v::text::numeric * 10000)
                                  OR v::text::numeric * 10000 NOT BETWEEN -2147483648 AND 2147483647
                           END)));
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'plans whose cores are not pairs of coordinates on the 1e-4 mm grid: %', v_bad
      USING HINT = 'these plans cannot be stored exactly as bytes; report them to the developers';
  END IF;
END
$$;

UPDATE plans p SET
  cores = '\x01'::bytea
    || int4send(jsonb_array_length(p.plan->'zones'))
    || coalesce((
      SELECT string_agg(
               int4send(jsonb_array_length(z.value->'cores'))
                 || coalesce((
                   SELECT string_agg(
                            int4send(((c.value->>0)::numeric * 10000)::int4)
                              || int4send(((c.value->>1)::numeric * 10000)::int4),
                            ''::bytea ORDER BY c.ordinality)
                     FROM jsonb_array_elements(z.value->'cores') WITH ORDINALITY c), ''::bytea),
               ''::bytea ORDER BY z.ordinality)
        FROM jsonb_array_elements(p.plan->'zones') WITH ORDINALITY z), ''::bytea),
  plan = jsonb_set(p.plan, '{zones}', coalesce((
      SELECT jsonb_agg(z.value - 'cores' ORDER BY z.ordinality)
        FROM jsonb_array_elements(p.plan->'zones') WITH ORDINALITY z), '[]'::jsonb));

ALTER TABLE plans ALTER COLUMN cores SET NOT NULL;
