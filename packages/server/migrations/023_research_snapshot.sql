-- The research pool's quarterly snapshot (issue 13, "Speed"; docs/evidence.md, "The pool's
-- snapshot"). research_pool() (008, 019) reads and aggregates every consenting patient's records
-- on each call, and the server then de-identifies them: seconds for a registry of 100,000. The
-- pool changes only at a quarter's end, so the server now computes it once per quarter (and
-- de-identification key) into these tables and answers from them.
--
-- What today's pool promises is kept: it is the records entered by the cutoff, AS THEY NOW READ.
-- A research consent withdrawn or struck out, a record struck out or corrected, an adverse event
-- resolved or reopened after the snapshot was taken still count at once. For that the triggers
-- below note every patient whose pooled rows change after a snapshot was taken (only rows entered
-- by its cutoff: a record entered today cannot be in it), and the next pooled request re-reads
-- those patients alone (research_pool_of) before it answers.
--
-- The snapshot holds the de-identified journeys (pseudonyms, shifted dates, age bands: what
-- GET /api/evidence/records answers) and the patient id, which never leaves the server (as with
-- research_pool(): the key to re-read a patient who changed). No clinic, no policy: it crosses
-- clinics by design, like research_pool().

-- One snapshot per quarter's cutoff and de-identification key (key_id: an HMAC of a fixed label
-- with the key, so two servers with different keys never read each other's pseudonyms).
CREATE TABLE research_snapshots (
  cutoff date NOT NULL,
  key_id text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cutoff, key_id)
);

-- Its journeys: json, not jsonb, so the answer keeps the order of its fields.
CREATE TABLE research_snapshot_journeys (
  cutoff date NOT NULL,
  key_id text NOT NULL,
  patient_id uuid NOT NULL,
  pseudonym text NOT NULL,
  synthetic boolean NOT NULL,
  journey json NOT NULL,
  PRIMARY KEY (cutoff, key_id, patient_id),
  FOREIGN KEY (cutoff, key_id) REFERENCES research_snapshots ON DELETE CASCADE
);

-- The summaries asked of it, computed once each from its journeys; emptied when a patient of the
-- snapshot is re-read.
CREATE TABLE research_snapshot_summaries (
  cutoff date NOT NULL,
  key_id text NOT NULL,
  include_synthetic boolean NOT NULL,
  stratify text NOT NULL,
  patients integer NOT NULL,
  synthetic_patients integer NOT NULL,
  summary json NOT NULL,
  PRIMARY KEY (cutoff, key_id, include_synthetic, stratify),
  FOREIGN KEY (cutoff, key_id) REFERENCES research_snapshots ON DELETE CASCADE
);

-- Patients whose pooled rows changed since the snapshot was taken: to be re-read.
CREATE TABLE research_snapshot_stale (
  cutoff date NOT NULL,
  key_id text NOT NULL,
  patient_id uuid NOT NULL,
  PRIMARY KEY (cutoff, key_id, patient_id),
  FOREIGN KEY (cutoff, key_id) REFERENCES research_snapshots ON DELETE CASCADE
);

GRANT SELECT, INSERT, DELETE ON research_snapshots, research_snapshot_journeys,
  research_snapshot_summaries, research_snapshot_stale TO microcore_app;

-- A changed row of a patient marks that patient stale in every snapshot whose cutoff the row was
-- entered by. The shared advisory lock pairs with the exclusive one the server takes while it
-- computes a snapshot (evidence/researchSnapshot.ts): a computation waits for the writes in
-- flight and sees them, and a write after it waits for its commit and then finds it to mark, so
-- no change falls between the two.
CREATE FUNCTION research_snapshot_mark(p_patient uuid, p_created_at timestamptz)
RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock_shared(hashtext('microcore.research_snapshot'));
  INSERT INTO research_snapshot_stale (cutoff, key_id, patient_id)
  SELECT s.cutoff, s.key_id, p_patient FROM research_snapshots s
  WHERE p_created_at < (s.cutoff + 1)::timestamp AT TIME ZONE 'UTC'
  ON CONFLICT DO NOTHING;
$$;

CREATE FUNCTION research_snapshot_patient_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM research_snapshot_mark(OLD.id, OLD.created_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM research_snapshot_mark(NEW.id, NEW.created_at); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION research_snapshot_record_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM research_snapshot_mark(OLD.patient_id, OLD.created_at); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM research_snapshot_mark(NEW.patient_id, NEW.created_at); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON patients
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_patient_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON screenings
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON treatment_series
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON treatment_sessions
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();
CREATE TRIGGER research_snapshot_changed AFTER INSERT OR UPDATE OR DELETE ON adverse_events
  FOR EACH ROW EXECUTE FUNCTION research_snapshot_record_changed();

-- research_pool() (019) of the given patients only (all when null): how the server re-reads the
-- patients marked stale. The body is 019's with the one clause added.
CREATE FUNCTION research_pool_of(p_cutoff date, p_include_synthetic boolean, p_patients uuid[])
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
      AND (p_patients IS NULL OR p.id = ANY (p_patients))
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

REVOKE EXECUTE ON FUNCTION research_pool_of(date, boolean, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION research_pool_of(date, boolean, uuid[]) TO microcore_app;
