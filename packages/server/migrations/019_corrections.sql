-- Corrections (issue 13): a recorded session, assessment, adverse event, consent or photo can be
-- corrected, or struck out as entered in error, with a reason; nothing is ever overwritten.
--
-- Each record table keeps the record's CURRENT version (what the routes, the statistics and the
-- FHIR export read), numbered from 1, with what made it (created, corrected, entered-in-error,
-- and the record's own events: resolved, reopened, withdrawn), who, when and why. Every version
-- a record ever had is copied, by the triggers below and not by the server, into record_versions:
-- the row as it then was (a photo's bytes excepted: they never change). So:
--   * the history is complete whatever path wrote the record (a later bug, a hand-typed UPDATE);
--   * record_versions takes no UPDATE, DELETE or TRUNCATE from anyone, the tables' owner and
--     PGlite's superuser included (triggers, not only grants: grants do not bind an owner);
--   * a change of a record must be version n + 1 of version n, may not alter who the record
--     belongs to or when it was made, and a record struck out takes no further change;
--   * records are never deleted (the app role has no DELETE; the triggers refuse the owner too).

ALTER TABLE treatment_sessions
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN record_status text NOT NULL DEFAULT 'current',
  ADD COLUMN change text NOT NULL DEFAULT 'created',
  ADD COLUMN change_reason text,
  ADD COLUMN changed_by uuid REFERENCES users (id),
  ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE assessments
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN record_status text NOT NULL DEFAULT 'current',
  ADD COLUMN change text NOT NULL DEFAULT 'created',
  ADD COLUMN change_reason text,
  ADD COLUMN changed_by uuid REFERENCES users (id),
  ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE adverse_events
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN record_status text NOT NULL DEFAULT 'current',
  ADD COLUMN change text NOT NULL DEFAULT 'created',
  ADD COLUMN change_reason text,
  ADD COLUMN changed_by uuid REFERENCES users (id),
  ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE consents
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN record_status text NOT NULL DEFAULT 'current',
  ADD COLUMN change text NOT NULL DEFAULT 'created',
  ADD COLUMN change_reason text,
  ADD COLUMN changed_by uuid REFERENCES users (id),
  ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE photos
  ADD COLUMN version integer NOT NULL DEFAULT 1,
  ADD COLUMN record_status text NOT NULL DEFAULT 'current',
  ADD COLUMN change text NOT NULL DEFAULT 'created',
  ADD COLUMN change_reason text,
  ADD COLUMN changed_by uuid REFERENCES users (id),
  ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

-- Records made before this migration: version 1, by their author, when they were made. (An
-- adverse event resolved or a consent withdrawn before it lost nothing of what it holds now,
-- but its state before that change was overwritten then and is not known.)
UPDATE treatment_sessions SET changed_by = created_by, changed_at = created_at;
UPDATE assessments SET changed_by = created_by, changed_at = created_at;
UPDATE adverse_events SET changed_by = created_by, changed_at = created_at;
UPDATE consents SET changed_by = created_by, changed_at = created_at;
UPDATE photos SET changed_by = created_by, changed_at = created_at;

-- The same rules on each table: version 1 is the creation and only it; a correction and a
-- strike-out carry a reason (1–1000 characters), the record's own events none; a record is
-- entered-in-error exactly when its last change struck it out.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['treatment_sessions', 'assessments', 'adverse_events', 'consents',
    'photos'] LOOP
    EXECUTE format($f$
      ALTER TABLE %1$I
        ADD CONSTRAINT %1$s_version_check CHECK (version >= 1 AND (version = 1) = (change = 'created')),
        ADD CONSTRAINT %1$s_record_status_check
          CHECK (record_status IN ('current', 'entered-in-error')),
        ADD CONSTRAINT %1$s_change_check CHECK (change IN ('created', 'corrected',
          'entered-in-error', 'resolved', 'reopened', 'withdrawn')),
        ADD CONSTRAINT %1$s_change_reason_check CHECK (
          length(change_reason) BETWEEN 1 AND 1000
          AND change IN ('corrected', 'entered-in-error')
          OR change_reason IS NULL AND change NOT IN ('corrected', 'entered-in-error')),
        ADD CONSTRAINT %1$s_struck_check
          CHECK ((record_status = 'entered-in-error') = (change = 'entered-in-error'))
    $f$, t);
  END LOOP;
END
$$;

-- Every version of every record, in the order made. Append-only (see the triggers below).
CREATE TABLE record_versions (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  -- The record's table: treatment_sessions, assessments, adverse_events, consents or photos.
  record_table text NOT NULL CHECK (record_table IN ('treatment_sessions', 'assessments',
    'adverse_events', 'consents', 'photos')),
  record_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  record_status text NOT NULL CHECK (record_status IN ('current', 'entered-in-error')),
  change text NOT NULL,
  change_reason text,
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL,
  -- The whole row as it was at this version (its own table's columns, snake_case).
  record jsonb NOT NULL,
  PRIMARY KEY (record_table, record_id, version),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
CREATE INDEX record_versions_patient_idx ON record_versions (clinic_id, patient_id);

ALTER TABLE record_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY record_versions_clinic ON record_versions
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
GRANT SELECT, INSERT ON record_versions TO microcore_app;

-- The versions a statement made, copied into record_versions: one INSERT per statement (a
-- transition table), so the demo seed's bulk inserts cost one more statement, not one per row.
CREATE FUNCTION records_keep_versions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_versions (clinic_id, patient_id, record_table, record_id, version,
    record_status, change, change_reason, changed_by, changed_at, record)
  SELECT n.clinic_id, n.patient_id, TG_TABLE_NAME, n.id, n.version, n.record_status, n.change,
    n.change_reason, coalesce(n.changed_by, n.created_by), n.changed_at,
    to_jsonb(n) - 'bytes' - 'version' - 'record_status' - 'change' - 'change_reason'
      - 'changed_by' - 'changed_at'
  FROM new_versions n;
  RETURN NULL;
END
$$;

-- A change of a record: the next version, the same record, not one struck out.
CREATE FUNCTION records_check_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := to_jsonb(OLD);
  new_row jsonb := to_jsonb(NEW);
  k text;
BEGIN
  IF OLD.record_status = 'entered-in-error' THEN
    RAISE EXCEPTION '% %: the record was entered in error; it takes no further change',
      TG_TABLE_NAME, OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION '% %: a change must be version % (it says %)', TG_TABLE_NAME, OLD.id,
      OLD.version + 1, NEW.version USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  FOREACH k IN ARRAY ARRAY['id', 'clinic_id', 'patient_id', 'created_by', 'created_at',
    'content_type', 'byte_length', 'sha256'] LOOP
    IF new_row -> k IS DISTINCT FROM old_row -> k THEN
      RAISE EXCEPTION '% %: % never changes', TG_TABLE_NAME, OLD.id, k
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END LOOP;
  RETURN NEW;
END
$$;

CREATE FUNCTION records_photo_bytes_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.bytes IS DISTINCT FROM OLD.bytes THEN
    RAISE EXCEPTION 'photos %: the image never changes (correct its details, or strike it out)',
      OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION records_refuse_erasure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on %: records and their versions are kept for ever (a correction adds a version)',
    TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['treatment_sessions', 'assessments', 'adverse_events', 'consents',
    'photos'] LOOP
    EXECUTE format($f$
      CREATE TRIGGER %1$s_keep_created AFTER INSERT ON %1$I
        REFERENCING NEW TABLE AS new_versions
        FOR EACH STATEMENT EXECUTE FUNCTION records_keep_versions();
      CREATE TRIGGER %1$s_keep_changed AFTER UPDATE ON %1$I
        REFERENCING NEW TABLE AS new_versions
        FOR EACH STATEMENT EXECUTE FUNCTION records_keep_versions();
      CREATE TRIGGER %1$s_check_change BEFORE UPDATE ON %1$I
        FOR EACH ROW EXECUTE FUNCTION records_check_change();
      CREATE TRIGGER %1$s_no_delete BEFORE DELETE ON %1$I
        FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_erasure();
      CREATE TRIGGER %1$s_no_truncate BEFORE TRUNCATE ON %1$I
        FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_erasure();
    $f$, t);
  END LOOP;
END
$$;
CREATE TRIGGER photos_bytes_kept BEFORE UPDATE ON photos
  FOR EACH ROW EXECUTE FUNCTION records_photo_bytes_kept();
CREATE TRIGGER record_versions_append_only BEFORE UPDATE OR DELETE ON record_versions
  FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_erasure();
CREATE TRIGGER record_versions_no_truncate BEFORE TRUNCATE ON record_versions
  FOR EACH STATEMENT EXECUTE FUNCTION records_refuse_erasure();

-- Sessions, assessments and photos were written once (004 granted no UPDATE): now a correction
-- updates them, in the columns a correction may change and the version's own; never who the
-- record belongs to, when it was made, or a photo's image. (Adverse events and consents kept
-- their UPDATE from 004; the triggers above bind every change alike.)
GRANT UPDATE (plan_id, series_id, date, operator, needle_gauge, zones, anaesthesia, notes,
  interval_reason, version, record_status, change, change_reason, changed_by, changed_at)
  ON treatment_sessions TO microcore_app;
GRANT UPDATE (session_id, date, lemperle_by_zone, gais_investigator, gais_subject, satisfaction,
  laxity_grade, notes, version, record_status, change, change_reason, changed_by, changed_at)
  ON assessments TO microcore_app;
GRANT UPDATE (taken_date, zone_id, version, record_status, change, change_reason, changed_by,
  changed_at) ON photos TO microcore_app;

-- The records already there: their version 1.
INSERT INTO record_versions (clinic_id, patient_id, record_table, record_id, version,
  record_status, change, change_reason, changed_by, changed_at, record)
SELECT clinic_id, patient_id, 'treatment_sessions', id, 1, 'current', 'created', NULL, created_by,
  created_at, to_jsonb(r) - 'version' - 'record_status' - 'change' - 'change_reason'
    - 'changed_by' - 'changed_at'
FROM treatment_sessions r
UNION ALL
SELECT clinic_id, patient_id, 'assessments', id, 1, 'current', 'created', NULL, created_by,
  created_at, to_jsonb(r) - 'version' - 'record_status' - 'change' - 'change_reason'
    - 'changed_by' - 'changed_at'
FROM assessments r
UNION ALL
SELECT clinic_id, patient_id, 'adverse_events', id, 1, 'current', 'created', NULL, created_by,
  created_at, to_jsonb(r) - 'version' - 'record_status' - 'change' - 'change_reason'
    - 'changed_by' - 'changed_at'
FROM adverse_events r
UNION ALL
SELECT clinic_id, patient_id, 'consents', id, 1, 'current', 'created', NULL, created_by,
  created_at, to_jsonb(r) - 'version' - 'record_status' - 'change' - 'change_reason'
    - 'changed_by' - 'changed_at'
FROM consents r
UNION ALL
SELECT clinic_id, patient_id, 'photos', id, 1, 'current', 'created', NULL, created_by,
  created_at, to_jsonb(r) - 'bytes' - 'version' - 'record_status' - 'change' - 'change_reason'
    - 'changed_by' - 'changed_at'
FROM photos r;

-- One active consent per patient and scope, among the records that stand: a consent struck out
-- no longer blocks recording the right one.
DROP INDEX consents_one_active_idx;
CREATE UNIQUE INDEX consents_one_active_idx ON consents (patient_id, scope)
  WHERE status = 'active' AND record_status = 'current';

-- The research pool (migrations/008) as it was, but only of the records that stand: a record
-- struck out leaves the pool at once (as a withdrawn research consent does); a corrected one is
-- pooled as it now reads. A consent struck out no longer admits its patient.
CREATE OR REPLACE FUNCTION research_pool(p_cutoff date, p_include_synthetic boolean)
RETURNS TABLE (
  patient_id uuid,
  age_band text,
  sex text,
  fitzpatrick_type integer,
  laxity_grade double precision,
  screenings jsonb,
  series jsonb,
  sessions jsonb,
  assessments jsonb,
  adverse_events jsonb,
  consents jsonb,
  synthetic boolean
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH pool AS (
    SELECT p.id, p.clinic_id, p.birth_date, p.sex, p.fitzpatrick_type, p.laxity_grade, p.synthetic,
      coalesce(
        (SELECT min(s.date) FROM treatment_sessions s
          WHERE s.clinic_id = p.clinic_id AND s.patient_id = p.id AND s.record_status = 'current'
            AND s.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
        (SELECT min(q.date) FROM screenings q
          WHERE q.clinic_id = p.clinic_id AND q.patient_id = p.id
            AND q.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC')
      ) AS first_date
    FROM patients p
    WHERE (p_include_synthetic OR NOT p.synthetic)
      AND p.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'
      AND EXISTS (
        SELECT FROM consents c
        WHERE c.clinic_id = p.clinic_id AND c.patient_id = p.id
          AND c.scope = 'research' AND c.status = 'active' AND c.record_status = 'current'
          AND c.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'
      )
  ), aged AS (
    SELECT pool.*,
      extract(year FROM age(first_date, birth_date))::integer AS age_years
    FROM pool
  )
  SELECT
    a.id,
    CASE
      WHEN a.age_years IS NULL THEN 'unknown'
      WHEN a.age_years >= 90 THEN '90+'
      ELSE (a.age_years / 5 * 5)::text || '-' || (a.age_years / 5 * 5 + 4)::text
    END,
    a.sex,
    a.fitzpatrick_type::integer,
    a.laxity_grade::double precision,
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'date', q.date,
        'decision', q.decision,
        'reasonCodes', (SELECT coalesce(jsonb_agg(r -> 'code'), '[]'::jsonb)
                        FROM jsonb_array_elements(q.reasons) AS r),
        'acknowledgements', to_jsonb(q.acknowledgements)
      ) ORDER BY q.date, q.created_at, q.id), '[]'::jsonb)
      FROM screenings q WHERE q.clinic_id = a.clinic_id AND q.patient_id = a.id
        AND q.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'startDate', t.start_date,
        'sessionDates', to_jsonb(t.session_dates),
        'intervalWeeks', t.interval_weeks,
        'assessmentDate', t.assessment_date
      ) ORDER BY t.start_date, t.created_at, t.id), '[]'::jsonb)
      FROM treatment_series t WHERE t.clinic_id = a.clinic_id AND t.patient_id = a.id
        AND t.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'date', s.date,
        'needleGauge', s.needle_gauge,
        'zones', s.zones,
        'anaesthesia', s.anaesthesia
      ) ORDER BY s.date, s.created_at, s.id), '[]'::jsonb)
      FROM treatment_sessions s WHERE s.clinic_id = a.clinic_id AND s.patient_id = a.id
        AND s.record_status = 'current'
        AND s.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'date', x.date,
        'lemperleByZone', x.lemperle_by_zone,
        'gaisInvestigator', x.gais_investigator,
        'gaisSubject', x.gais_subject,
        'satisfaction', x.satisfaction,
        'laxityGrade', x.laxity_grade
      ) ORDER BY x.date, x.created_at, x.id), '[]'::jsonb)
      FROM assessments x WHERE x.clinic_id = a.clinic_id AND x.patient_id = a.id
        AND x.record_status = 'current'
        AND x.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'type', e.type,
        'onsetDate', e.onset_date,
        'resolutionDate', e.resolution_date,
        'severity', e.severity,
        'relatedness', e.relatedness
      ) ORDER BY e.onset_date, e.created_at, e.id), '[]'::jsonb)
      FROM adverse_events e WHERE e.clinic_id = a.clinic_id AND e.patient_id = a.id
        AND e.record_status = 'current'
        AND e.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'scope', c.scope,
        'date', c.date,
        'status', c.status
      ) ORDER BY c.date, c.created_at, c.id), '[]'::jsonb)
      FROM consents c WHERE c.clinic_id = a.clinic_id AND c.patient_id = a.id
        AND c.record_status = 'current'
        AND c.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    a.synthetic
  FROM aged a
  ORDER BY a.id
$$;
