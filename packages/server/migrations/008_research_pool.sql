-- The research pool (issue 5): researchers see outcomes pooled across every clinic, but only of
-- patients with an active `research` consent, and never anything identifying.
--
-- Requests run under one clinic (app.clinic_id, the row-level security policies), so pooling
-- needs a SECURITY DEFINER function that runs as the tables' owner. What it returns is the whole
-- of what crosses clinics, so it returns only non-identifying columns:
--   * no names, email, phone, birth date (the age band at the first session, else at the first
--     screening, is computed here: 5-year bands, 90+ top-coded, as the core's deidentify does),
--   * no free text (notes, descriptions, reasons, operators, checklist answers, screening reason
--     messages), no record ids but the patient's, no clinic, no plan, no photos.
-- The patient id is returned ONLY so the server can derive the keyed pseudonym and the per-patient
-- date shift (HMAC with MICROCORE_DEIDENTIFY_KEY, core/evidence/deidentify.ts); the server drops
-- it before anything is answered. Dates are returned as recorded; the server shifts them.
--
-- A snapshot, not a live view: only what was entered before the end of `p_cutoff` (the server
-- passes the last day of the previous calendar quarter) is returned. Records usually enter on the
-- day they happen, so a live pool would date each new record by the day it first appeared and
-- give a researcher who polls the patient's date shift exactly; with quarterly snapshots a record
-- appears only at a quarter's end, within a quarter of its real date. A withdrawal of the research
-- consent still counts at once. Synthetic (demo) patients are left out unless asked for.
--
-- Only the app role may call it (functions are executable by PUBLIC by default), as 002 does for
-- the authentication lookups.

CREATE FUNCTION research_pool(p_cutoff date, p_include_synthetic boolean)
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
          WHERE s.clinic_id = p.clinic_id AND s.patient_id = p.id
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
          AND c.scope = 'research' AND c.status = 'active'
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
        AND x.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'type', e.type,
        'onsetDate', e.onset_date,
        'resolutionDate', e.resolution_date,
        'severity', e.severity,
        'relatedness', e.relatedness
      ) ORDER BY e.onset_date, e.created_at, e.id), '[]'::jsonb)
      FROM adverse_events e WHERE e.clinic_id = a.clinic_id AND e.patient_id = a.id
        AND e.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    (SELECT coalesce(jsonb_agg(jsonb_build_object(
        'scope', c.scope,
        'date', c.date,
        'status', c.status
      ) ORDER BY c.date, c.created_at, c.id), '[]'::jsonb)
      FROM consents c WHERE c.clinic_id = a.clinic_id AND c.patient_id = a.id
        AND c.created_at < (p_cutoff + 1)::timestamp AT TIME ZONE 'UTC'),
    a.synthetic
  FROM aged a
  ORDER BY a.id
$$;

REVOKE EXECUTE ON FUNCTION research_pool(date, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION research_pool(date, boolean) TO microcore_app;

-- The de-identification key when MICROCORE_DEIDENTIFY_KEY is not set: generated once by the first
-- server that needs it (INSERT … ON CONFLICT DO NOTHING, then read back, so several processes
-- agree) and kept with the database, so pseudonyms and date shifts stay stable across restarts
-- and backups. Not tenant data: no clinic, no policy. Setting the variable keeps the key apart
-- from the data instead (README: Configuration); this row is then neither read nor written.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL CHECK (length(value) >= 32),
  created_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT ON server_secrets TO microcore_app;
