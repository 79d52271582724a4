-- The clinical records of a patient's journey (issue 5): treatment sessions, assessments,
-- adverse events, consents and photos. Shapes follow @microcore/core records/types.ts.
--
-- Every table carries clinic_id, is bound by a row-level security policy in the nullif form of
-- 002_app_role.sql, and is granted to microcore_app here, in the same file. No DELETE is granted:
-- a consent is withdrawn, an adverse event is resolved, nothing is erased.
--
-- The CHECK constraints repeat the API's validation (src/routes/records/*.ts), so a record the
-- server would refuse cannot be written by any other path either. Composite foreign keys tie
-- each record to a patient OF THE SAME CLINIC, and each referenced plan, session or consent to
-- the SAME PATIENT: a plan of another patient cannot be named even by a buggy query.

ALTER TABLE patients ADD CONSTRAINT patients_id_clinic_key UNIQUE (id, clinic_id);
ALTER TABLE plans ADD CONSTRAINT plans_id_patient_key UNIQUE (id, patient_id);

-- A session's zones: a non-empty array of { zoneId: text, coresDelivered: integer >= 0 }, each
-- zone once. A function, because a CHECK cannot hold a subquery.
CREATE FUNCTION records_session_zones_valid(zones jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof(zones) = 'array'
    AND jsonb_array_length(zones) BETWEEN 1 AND 50
    AND NOT EXISTS (
      SELECT FROM jsonb_array_elements(zones) AS z
      WHERE jsonb_typeof(z) <> 'object'
        OR jsonb_typeof(z -> 'zoneId') IS DISTINCT FROM 'string'
        -- CASE, not OR: the cast must not run on a value that is not a number.
        OR CASE WHEN jsonb_typeof(z -> 'coresDelivered') = 'number'
             THEN (z ->> 'coresDelivered')::numeric < 0
               OR (z ->> 'coresDelivered')::numeric <> trunc((z ->> 'coresDelivered')::numeric)
             ELSE true END
    )
    AND (SELECT count(DISTINCT z ->> 'zoneId') FROM jsonb_array_elements(zones) AS z)
      = jsonb_array_length(zones)
$$;

-- Lemperle grades by zone id: an object whose values are integers 0–5.
CREATE FUNCTION records_lemperle_valid(grades jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_typeof(grades) = 'object'
    AND NOT EXISTS (
      SELECT FROM jsonb_each(grades) AS g
      WHERE CASE WHEN jsonb_typeof(g.value) = 'number'
              THEN (g.value #>> '{}')::numeric NOT IN (0, 1, 2, 3, 4, 5)
              ELSE true END
    )
$$;

CREATE TABLE treatment_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  -- The planned series it belongs to, when series are stored (a later migration); null now.
  series_id uuid,
  date date NOT NULL,
  operator text NOT NULL CHECK (length(operator) BETWEEN 1 AND 200),
  needle_gauge text NOT NULL CHECK (needle_gauge ~ '^[0-9]{2}G$'),
  zones jsonb NOT NULL CHECK (records_session_zones_valid(zones)),
  anaesthesia text NOT NULL
    CHECK (anaesthesia IN ('none', 'topical', 'local-infiltration', 'nerve-block')),
  notes text CHECK (length(notes) <= 4000),
  -- Why this session is sooner than the clinic's minimum interval, when it is.
  interval_reason text CHECK (length(interval_reason) BETWEEN 1 AND 1000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, patient_id),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (plan_id, patient_id) REFERENCES plans (id, patient_id)
);
CREATE INDEX treatment_sessions_patient_idx ON treatment_sessions (clinic_id, patient_id, date);

CREATE TABLE assessments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  -- The session this follows up, when named (then date >= that session's date, checked by the
  -- server inside the same transaction).
  session_id uuid,
  date date NOT NULL,
  lemperle_by_zone jsonb NOT NULL CHECK (records_lemperle_valid(lemperle_by_zone)),
  gais_investigator smallint CHECK (gais_investigator BETWEEN 1 AND 5),
  gais_subject smallint CHECK (gais_subject BETWEEN 1 AND 5),
  satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
  -- Alexiades-Armenakas, 0–4 in half steps (as patients.laxity_grade).
  laxity_grade numeric(2, 1)
    CHECK (laxity_grade BETWEEN 0 AND 4 AND laxity_grade * 2 = trunc(laxity_grade * 2)),
  notes text CHECK (length(notes) <= 4000),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (session_id, patient_id) REFERENCES treatment_sessions (id, patient_id)
);
CREATE INDEX assessments_patient_idx ON assessments (clinic_id, patient_id, date);

CREATE TABLE adverse_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  session_id uuid,
  type text NOT NULL CHECK (type IN ('erythema', 'oedema', 'bruising', 'hyperpigmentation',
    'hypopigmentation', 'scarring', 'infection', 'other')),
  description text CHECK (length(description) <= 4000),
  onset_date date NOT NULL,
  resolution_date date CHECK (resolution_date >= onset_date),
  severity text NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe')),
  relatedness text NOT NULL
    CHECK (relatedness IN ('not-related', 'unlikely', 'possible', 'probable', 'definite')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (type <> 'other' OR length(description) > 0),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (session_id, patient_id) REFERENCES treatment_sessions (id, patient_id)
);
CREATE INDEX adverse_events_patient_idx ON adverse_events (clinic_id, patient_id, onset_date);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  scope text NOT NULL CHECK (scope IN ('treatment', 'photography', 'research')),
  date date NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  withdrawn_date date CHECK (withdrawn_date >= date),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'withdrawn') = (withdrawn_date IS NOT NULL)),
  UNIQUE (id, patient_id),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
CREATE INDEX consents_patient_idx ON consents (clinic_id, patient_id, date);
-- One active consent per patient and scope: a withdrawal then always takes the patient out of
-- what that scope allows (research pooling, photos); a second active one is refused (409).
CREATE UNIQUE INDEX consents_one_active_idx ON consents (patient_id, scope) WHERE status = 'active';

-- Photos, bytes and all, in the database: several stateless API processes share them and a
-- backup holds them. Stored only after the server removed their metadata (EXIF, XMP, IPTC,
-- comments, text chunks); sha256 is of the stored bytes. At most 10 MiB each.
CREATE TABLE photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  consent_id uuid NOT NULL,
  taken_date date NOT NULL,
  zone_id text CHECK (length(zone_id) BETWEEN 1 AND 64),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  byte_length integer NOT NULL CHECK (byte_length BETWEEN 1 AND 10485760),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(bytes) = byte_length),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (consent_id, patient_id) REFERENCES consents (id, patient_id)
);
CREATE INDEX photos_patient_idx ON photos (clinic_id, patient_id, taken_date);

ALTER TABLE treatment_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE assessments ENABLE ROW LEVEL SECURITY;
ALTER TABLE adverse_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents ENABLE ROW LEVEL SECURITY;
ALTER TABLE photos ENABLE ROW LEVEL SECURITY;

CREATE POLICY treatment_sessions_clinic ON treatment_sessions
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY assessments_clinic ON assessments
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY adverse_events_clinic ON adverse_events
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY consents_clinic ON consents
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY photos_clinic ON photos
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);

-- Sessions, assessments and photos are written once; an adverse event gets its resolution date
-- later and a consent its withdrawal, hence UPDATE on those two. No DELETE on any.
GRANT SELECT, INSERT ON treatment_sessions, assessments, photos TO microcore_app;
GRANT SELECT, INSERT, UPDATE ON adverse_events, consents TO microcore_app;
GRANT EXECUTE ON FUNCTION records_session_zones_valid(jsonb), records_lemperle_valid(jsonb)
  TO microcore_app;
