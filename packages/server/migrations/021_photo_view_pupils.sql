-- A photo's standard view, and each photo's pupil marks (docs/server.md, "Photos").
--
-- The view says which of the standard clinical views the photo is, so that a follow-up photo can
-- be paired with the baseline of the same view. Optional: photos stored before this migration
-- have none, and an upload may still leave it out. The list repeats PHOTO_VIEWS
-- (src/records/photoView.ts).
ALTER TABLE photos ADD COLUMN view text
  CHECK (view IN ('front', 'left-oblique', 'right-oblique', 'left-lateral', 'right-lateral',
                  'submental'));

-- Both pupils, marked once per photo, in the stored image's pixels (x to the right, y down, from
-- its top-left corner): a before/after pair is scaled and rotated so that the two interpupillary
-- lines coincide. Written once, never changed (no UPDATE is granted): a wrong mark is a
-- correction of the photo, not an edit. The route checks the marks lie inside the image; the
-- database checks what it can without decoding it.
-- Ties the marks to a photo OF THE SAME PATIENT, as 004_records.sql ties records to patients.
ALTER TABLE photos ADD CONSTRAINT photos_id_patient_key UNIQUE (id, patient_id);
CREATE TABLE photo_pupils (
  photo_id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  left_x double precision NOT NULL CHECK (left_x >= 0),
  left_y double precision NOT NULL CHECK (left_y >= 0),
  right_x double precision NOT NULL CHECK (right_x >= 0),
  right_y double precision NOT NULL CHECK (right_y >= 0),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (left_x <> right_x OR left_y <> right_y),
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id),
  FOREIGN KEY (photo_id, patient_id) REFERENCES photos (id, patient_id)
);
CREATE INDEX photo_pupils_patient_idx ON photo_pupils (clinic_id, patient_id);

ALTER TABLE photo_pupils ENABLE ROW LEVEL SECURITY;
CREATE POLICY photo_pupils_clinic ON photo_pupils
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);

GRANT SELECT, INSERT ON photo_pupils TO microcore_app;
