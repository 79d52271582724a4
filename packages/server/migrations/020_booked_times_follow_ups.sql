-- Issue 13: a series' sessions and its assessment may be booked at a time of day, and a follow-up
-- may be booked for a future day and recorded on the day.
--
-- A time of day is local to the clinic (its time_zone), HH:MM on a 24-hour clock, kept as text so
-- it is never shifted by a session's TimeZone setting. A session's time lives in the series'
-- `sessions` JSON beside its date; the assessment's gets its own column.
ALTER TABLE treatment_series
  ADD COLUMN assessment_time text CHECK (assessment_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');

-- A booked follow-up. Append-only: it is "recorded" when an assessment names it (one at most),
-- so nothing is ever updated.
CREATE TABLE planned_follow_ups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  date date NOT NULL,
  time text CHECK (time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  notes text CHECK (length(notes) <= 4000),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, patient_id),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id)
);
CREATE INDEX planned_follow_ups_patient_idx ON planned_follow_ups (clinic_id, patient_id, date);

ALTER TABLE assessments ADD COLUMN follow_up_id uuid UNIQUE;
ALTER TABLE assessments
  ADD CONSTRAINT assessments_follow_up_fkey
  FOREIGN KEY (follow_up_id, patient_id) REFERENCES planned_follow_ups (id, patient_id);

ALTER TABLE planned_follow_ups ENABLE ROW LEVEL SECURITY;
CREATE POLICY planned_follow_ups_clinic ON planned_follow_ups
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
GRANT SELECT, INSERT ON planned_follow_ups TO microcore_app;
