-- The protocol records of issue 5: a patient's candidacy screenings and treatment series
-- (core/src/protocol computes them; these tables keep what the clinician was told).
--
-- Both are tenant tables: clinic_id, a row-level security policy in the nullif form of
-- 002_app_role, and grants to microcore_app in this file. No DELETE and no UPDATE: a screening
-- or a booked series is a record of what was decided that day; a new one supersedes it.
--
-- The database also refuses a record whose patient is another clinic's, or whose plan is
-- another patient's: composite foreign keys over (id, patient_id, clinic_id), which need these
-- unique keys (the primary keys already make them unique; the constraint lets a key point at
-- the triple). patients (id, clinic_id) is 004's.
ALTER TABLE plans ADD CONSTRAINT plans_id_patient_clinic_key UNIQUE (id, patient_id, clinic_id);

CREATE TABLE screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  -- The clinic's calendar day of the screening (the age is taken on it).
  date date NOT NULL,
  -- Every checklist question's answer, by question code: { "pregnantOrBreastfeeding": false, … }.
  answers jsonb NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
  acknowledgements text[] NOT NULL DEFAULT '{}',
  planned_treatment_date date,
  decision text NOT NULL
    CHECK (decision IN ('eligible', 'eligible-with-warnings', 'not-eligible', 'refer')),
  -- [{ code, message, source }], every reason found.
  reasons jsonb NOT NULL CHECK (jsonb_typeof(reasons) = 'array'),
  -- Follow-up flags, e.g. follow-up.hyperpigmentation.
  flags text[] NOT NULL DEFAULT '{}',
  -- [{ code, instruction, fromDate, source }], empty unless the patient may be treated.
  pre_care jsonb NOT NULL CHECK (jsonb_typeof(pre_care) = 'array'),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
CREATE INDEX screenings_patient_idx ON screenings (clinic_id, patient_id, date, created_at);

CREATE TABLE treatment_series (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  plan_id uuid NOT NULL REFERENCES plans (id),
  start_date date NOT NULL,
  -- The planned session dates, first to last (sessions[0] is the start date).
  session_dates date[] NOT NULL
    CHECK (cardinality(session_dates) BETWEEN 1 AND 52 AND session_dates[1] = start_date),
  -- Weeks between sessions; a fraction for a whole number of days (30/7 for 30 days), so float8.
  interval_weeks double precision NOT NULL CHECK (interval_weeks > 0 AND interval_weeks <= 52),
  -- Why the interval is shorter than the clinic's minimum, when it is.
  reason text,
  -- The Alexiades-Armenakas grade the number of sessions came from (the patient's at booking).
  laxity_grade numeric(2, 1) NOT NULL
    CHECK (laxity_grade BETWEEN 0 AND 4 AND laxity_grade * 2 = trunc(laxity_grade * 2)),
  assessment_date date NOT NULL,
  -- The schedule as the core gave it: [{ number, date, downtimeUntil, aftercare }].
  sessions jsonb NOT NULL CHECK (jsonb_typeof(sessions) = 'array'),
  -- [{ code, message }]
  warnings jsonb NOT NULL CHECK (jsonb_typeof(warnings) = 'array'),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (plan_id, patient_id, clinic_id) REFERENCES plans (id, patient_id, clinic_id)
);
CREATE INDEX treatment_series_patient_idx ON treatment_series (clinic_id, patient_id, created_at);
CREATE INDEX treatment_series_plan_idx ON treatment_series (plan_id);

ALTER TABLE screenings ENABLE ROW LEVEL SECURITY;
ALTER TABLE treatment_series ENABLE ROW LEVEL SECURITY;

CREATE POLICY screenings_clinic ON screenings
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
CREATE POLICY treatment_series_clinic ON treatment_series
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);

-- Append only for the app role: no UPDATE, no DELETE.
GRANT SELECT, INSERT ON screenings, treatment_series TO microcore_app;
