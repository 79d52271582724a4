-- Appending to the audit trail in one statement.
--
-- audit_append(clinic, events) links a clinic's records into its hash chain inside the database:
-- it locks the clinic's chain head, draws each record's id while holding the lock (so ids rise in
-- chain order), computes each hash, inserts the records and moves the head. One round trip,
-- whatever the number of records: a write calls it inside its own transaction (the change and
-- its record commit together); the server's AuditQueue calls it alone, as a transaction of its
-- own, for the records of many reads at once.
--
-- The hash is the one src/audit.ts `chainHash` computes and `verifyAudit` checks:
--   sha256_hex(prev_hash || canonical JSON of the record)
-- where the canonical JSON has the keys sorted (action, at, clinicId, id, outcome, resourceId,
-- resourceType, userId), no whitespace, and every value a JSON string or null. PostgreSQL's
-- to_json(text) escapes exactly as JavaScript's JSON.stringify does for text (", \, \b \f \n \r
-- \t, other characters below U+0020 as \u00xx in lower case); test/audit.test.ts appends
-- awkward strings here and verifies them in JavaScript, so the two cannot drift apart.
-- `at` is kept to the millisecond, the precision of a JavaScript Date.
--
-- SECURITY INVOKER (the default): it runs with the caller's rights, so row-level security binds
-- it; it sets app.clinic_id for the current transaction to the clinic it appends to.

CREATE FUNCTION audit_append(p_clinic_id uuid, p_events jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_at_text text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_prev text;
  v_event jsonb;
  v_id bigint;
  v_hash text;
BEGIN
  IF jsonb_typeof(p_events) <> 'array' OR jsonb_array_length(p_events) = 0 THEN
    RAISE EXCEPTION 'audit_append: events must be a non-empty array';
  END IF;
  PERFORM set_config('app.clinic_id', p_clinic_id::text, true);
  SELECT last_hash INTO v_prev FROM audit_heads WHERE clinic_id = p_clinic_id FOR UPDATE;
  IF NOT FOUND THEN
    -- The clinic's first record: create its head (a concurrent creator wins harmlessly).
    INSERT INTO audit_heads (clinic_id, last_id, last_hash)
      VALUES (p_clinic_id, NULL, repeat('0', 64)) ON CONFLICT (clinic_id) DO NOTHING;
    SELECT last_hash INTO STRICT v_prev FROM audit_heads WHERE clinic_id = p_clinic_id FOR UPDATE;
  END IF;
  FOR v_event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_id := nextval('audit_log_id_seq');
    v_hash := encode(sha256(convert_to(v_prev
      || '{"action":' || to_json(v_event->>'action')::text
      || ',"at":' || to_json(v_at_text)::text
      || ',"clinicId":' || to_json(p_clinic_id::text)::text
      || ',"id":' || to_json(v_id::text)::text
      || ',"outcome":' || to_json(v_event->>'outcome')::text
      || ',"resourceId":' || coalesce(to_json(v_event->>'resourceId')::text, 'null')
      || ',"resourceType":' || to_json(v_event->>'resourceType')::text
      || ',"userId":' || coalesce(to_json(v_event->>'userId')::text, 'null')
      || '}', 'UTF8')), 'hex');
    INSERT INTO audit_log
      (id, at, clinic_id, user_id, action, resource_type, resource_id, outcome, prev_hash, hash)
      VALUES (v_id, v_at, p_clinic_id, (v_event->>'userId')::uuid, v_event->>'action',
              v_event->>'resourceType', v_event->>'resourceId', v_event->>'outcome', v_prev, v_hash);
    v_prev := v_hash;
  END LOOP;
  UPDATE audit_heads SET last_id = v_id, last_hash = v_prev WHERE clinic_id = p_clinic_id;
END
$$;

REVOKE EXECUTE ON FUNCTION audit_append(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_append(uuid, jsonb) TO microcore_app;
