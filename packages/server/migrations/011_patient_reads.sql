-- Opening patients' records, many at once, with their audit records, in one round trip.
--
-- The server gathers the GET /api/patients/{id} requests of one clinic that arrive while a
-- statement is in flight (src/patientReads.ts) and sends them here together: the function sets
-- the clinic for this (single-statement) transaction, finds the patients under row-level
-- security, appends one `patient.read` record per request that found its patient (audit_append,
-- migrations/003: same chain, same hashes) and returns the rows. The rows and their records
-- commit together, so no row leaves the database without its record; a request whose patient is
-- not found gets no row here and is recorded as a refusal by the server, as before.
--
-- p_reads: a JSON array of {"userId": uuid, "patientId": uuid}, one element per request, in the
-- order the records are to be chained. SECURITY INVOKER (the default): row-level security binds
-- it exactly as it binds the queries it replaces.
CREATE FUNCTION patients_read(p_clinic_id uuid, p_reads jsonb) RETURNS SETOF patients
LANGUAGE plpgsql AS $$
DECLARE
  v_found patients[];
  v_events jsonb;
BEGIN
  PERFORM set_config('app.clinic_id', p_clinic_id::text, true);
  -- A chain held longer than this (a stuck write) fails the batch (SQLSTATE 55P03, a 503 to
  -- its readers) instead of holding their requests open without end.
  PERFORM set_config('lock_timeout', '5s', true);
  -- One snapshot: the records name exactly the rows returned.
  SELECT coalesce(array_agg(p), '{}') INTO v_found FROM patients p
   WHERE p.clinic_id = p_clinic_id
     AND p.id IN (SELECT (r->>'patientId')::uuid FROM jsonb_array_elements(p_reads) r);
  SELECT jsonb_agg(jsonb_build_object(
           'userId', r.value->>'userId', 'action', 'patient.read', 'resourceType', 'patient',
           'resourceId', f.id::text, 'outcome', 'ok') ORDER BY r.ordinality)
    INTO v_events
    FROM jsonb_array_elements(p_reads) WITH ORDINALITY r
    JOIN unnest(v_found) f ON f.id = (r.value->>'patientId')::uuid;
  IF v_events IS NOT NULL THEN
    PERFORM audit_append(p_clinic_id, v_events);
  END IF;
  RETURN QUERY SELECT * FROM unnest(v_found);
END
$$;

REVOKE EXECUTE ON FUNCTION patients_read(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION patients_read(uuid, jsonb) TO microcore_app;

-- patient_in_clinic (migration 010), which this replaces, stays: a server of the previous
-- version still running during a rolling upgrade calls it. A later migration can drop it.
