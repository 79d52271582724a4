-- Delivery sessions (issue 14; docs/delivery.md, "Server"): a handpiece session run live against
-- a saved plan, its events as the console sent them, and who holds it.
--
-- The events are the truth: delivery_events keeps every accepted event, append-only (no UPDATE
-- or DELETE for anyone: grants AND a trigger, since grants do not bind the owner or PGlite's
-- superuser). The session row keeps the last committed seq and, every few hundred events, a
-- SNAPSHOT of the guard's state (`state`, at `state_seq`): a restarted server reads the
-- snapshot and replays the events after it. Writing the whole state at every batch was
-- measured and refused: at the end of the default plan's session it is 1.1 MB of JSON for
-- 11,244 events of 64 bytes each (docs/delivery.md). `json`, not `jsonb`: kept as text, read
-- back whole, never queried inside (jsonb would turn 30,000 coordinates into numerics).

CREATE TABLE delivery_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  -- What the session record made at its end will say besides the cores (records/session.ts).
  series_id uuid,
  anaesthesia text NOT NULL
    CHECK (anaesthesia IN ('none', 'topical', 'local-infiltration', 'nerve-block')),
  interval_reason text CHECK (length(interval_reason) BETWEEN 1 AND 1000),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'ended')),
  -- The console that holds the session (its own id, chosen by the console), and its user.
  console_id text NOT NULL CHECK (length(console_id) BETWEEN 1 AND 100),
  claimed_by uuid NOT NULL REFERENCES users (id),
  last_seq integer NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  state json,
  state_seq integer NOT NULL DEFAULT 0 CHECK (state_seq >= 0 AND state_seq <= last_seq),
  -- The session record its end made (null until then).
  session_record_id uuid,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  UNIQUE (id, clinic_id),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (plan_id, patient_id) REFERENCES plans (id, patient_id),
  CHECK ((status = 'ended') = (ended_at IS NOT NULL))
);
CREATE INDEX delivery_sessions_patient_idx ON delivery_sessions (clinic_id, patient_id);

CREATE TABLE delivery_events (
  session_id uuid NOT NULL,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  seq integer NOT NULL CHECK (seq >= 1),
  -- The event as received (its JSON text, key order kept): a resend is compared with it.
  event json NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, seq),
  FOREIGN KEY (session_id, clinic_id) REFERENCES delivery_sessions (id, clinic_id)
);

-- Each claim of a session, the first (its start) and every takeover with its reason: the audit
-- trail holds no free text, so the reason is kept here. Append-only too.
CREATE TABLE delivery_claims (
  session_id uuid NOT NULL,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  console_id text NOT NULL CHECK (length(console_id) BETWEEN 1 AND 100),
  claimed_by uuid NOT NULL REFERENCES users (id),
  claimed_at timestamptz NOT NULL DEFAULT now(),
  reason text CHECK (length(reason) BETWEEN 1 AND 1000),
  FOREIGN KEY (session_id, clinic_id) REFERENCES delivery_sessions (id, clinic_id)
);
CREATE INDEX delivery_claims_session_idx ON delivery_claims (session_id, claimed_at);

CREATE FUNCTION delivery_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER delivery_events_append_only BEFORE UPDATE OR DELETE ON delivery_events
  FOR EACH ROW EXECUTE FUNCTION delivery_refuse_change();
CREATE TRIGGER delivery_events_no_truncate BEFORE TRUNCATE ON delivery_events
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_refuse_change();
CREATE TRIGGER delivery_claims_append_only BEFORE UPDATE OR DELETE ON delivery_claims
  FOR EACH ROW EXECUTE FUNCTION delivery_refuse_change();
CREATE TRIGGER delivery_claims_no_truncate BEFORE TRUNCATE ON delivery_claims
  FOR EACH STATEMENT EXECUTE FUNCTION delivery_refuse_change();

ALTER TABLE delivery_sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY delivery_sessions_clinic ON delivery_sessions
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER TABLE delivery_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY delivery_events_clinic ON delivery_events
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER TABLE delivery_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY delivery_claims_clinic ON delivery_claims
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);

GRANT SELECT, INSERT ON delivery_events, delivery_claims TO microcore_app;
GRANT SELECT, INSERT ON delivery_sessions TO microcore_app;
-- Only what ingest, a claim and the end change; never whose session it is or its plan.
GRANT UPDATE (status, console_id, claimed_by, last_seq, state, state_seq, session_record_id,
  ended_at) ON delivery_sessions TO microcore_app;

-- The session record a delivery made carries its summary (zones' coverage, refusals, alarms,
-- duration): written with the record, never corrected (no UPDATE grant on it), copied into
-- record_versions with the rest of the row by 019's triggers.
ALTER TABLE treatment_sessions ADD COLUMN delivery jsonb;
