-- Each patient's contribution to the evidence summary (issue 13, "Speed"; docs/evidence.md, "How
-- it is served"). The core's summary is the aggregate of per-patient contributions
-- (core evidence/contribution.ts: outcomes per follow-up window, the series' state, adverse-event
-- durations, a few dozen numbers), so the server keeps one per patient and, on a clinic's
-- request, recomputes only the patients whose records changed since, then aggregates the rest.
-- A contribution does not depend on the day it is read (a series still booked carries the day
-- after which it counts as stopped), so nothing goes stale overnight.

CREATE TABLE evidence_contributions (
  clinic_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  -- json, not jsonb: read back as written, the numbers' last digits included.
  contribution json NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id) ON DELETE CASCADE
);

-- Patients whose contribution must be recomputed before the next answer (no foreign key: a
-- mark may outlive its patient, and is then dropped).
CREATE TABLE evidence_contributions_stale (
  clinic_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  PRIMARY KEY (clinic_id, patient_id)
);

ALTER TABLE evidence_contributions ENABLE ROW LEVEL SECURITY;
ALTER TABLE evidence_contributions_stale ENABLE ROW LEVEL SECURITY;
CREATE POLICY evidence_contributions_clinic ON evidence_contributions
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY evidence_contributions_stale_clinic ON evidence_contributions_stale
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON evidence_contributions TO microcore_app;
GRANT SELECT, DELETE ON evidence_contributions_stale TO microcore_app;

-- Marking: the same triggers as the research snapshot's (023) on the same seven tables, so one
-- mechanism notes every change. SECURITY DEFINER: the mark is written whatever clinic setting
-- the writing connection has (a write must never fail for its mark).
CREATE FUNCTION evidence_contribution_mark(p_clinic uuid, p_patient uuid)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO evidence_contributions_stale (clinic_id, patient_id)
  VALUES (p_clinic, p_patient)
  ON CONFLICT DO NOTHING;
$$;
REVOKE EXECUTE ON FUNCTION evidence_contribution_mark(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION evidence_contribution_mark(uuid, uuid) TO microcore_app;

CREATE OR REPLACE FUNCTION research_snapshot_patient_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM research_snapshot_mark(OLD.id, OLD.created_at);
    PERFORM evidence_contribution_mark(OLD.clinic_id, OLD.id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM research_snapshot_mark(NEW.id, NEW.created_at);
    PERFORM evidence_contribution_mark(NEW.clinic_id, NEW.id);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION research_snapshot_record_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM research_snapshot_mark(OLD.patient_id, OLD.created_at);
    PERFORM evidence_contribution_mark(OLD.clinic_id, OLD.patient_id);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM research_snapshot_mark(NEW.patient_id, NEW.created_at);
    PERFORM evidence_contribution_mark(NEW.clinic_id, NEW.patient_id);
  END IF;
  RETURN NULL;
END $$;

-- Every patient there now: computed on their clinic's first request.
INSERT INTO evidence_contributions_stale (clinic_id, patient_id)
SELECT clinic_id, id FROM patients;

-- The pool's snapshot keeps each de-identified journey's contribution beside it, so a summary
-- after a change aggregates them instead of summarising every journey again. Snapshots taken
-- before have none: dropped, the next pooled request computes the quarter's again.
DELETE FROM research_snapshots;
ALTER TABLE research_snapshot_journeys ADD COLUMN contribution json NOT NULL;

-- A computation no longer makes writes wait (evidence/researchSnapshot.ts, "Guards"): it
-- announces the snapshot (this row, committed, not yet complete) so that every later write marks
-- it, waits for the writes in flight then, and reads the pool in a REPEATABLE READ transaction
-- that ends by setting `complete`. Readers use complete snapshots only. The mark therefore drops
-- the shared advisory lock 023 took on every pooled write.
ALTER TABLE research_snapshots ADD COLUMN complete boolean NOT NULL DEFAULT false;
GRANT UPDATE (complete) ON research_snapshots TO microcore_app;

CREATE OR REPLACE FUNCTION research_snapshot_mark(p_patient uuid, p_created_at timestamptz)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO research_snapshot_stale (cutoff, key_id, patient_id)
  SELECT s.cutoff, s.key_id, p_patient FROM research_snapshots s
  WHERE p_created_at < (s.cutoff + 1)::timestamp AT TIME ZONE 'UTC'
  ON CONFLICT DO NOTHING;
$$;
