-- A recorded treatment session may name the series it belongs to (treatment_series, 005), so the
-- FHIR export can say which CarePlan a Procedure carried out. 004 made the column before the
-- series table existed; the key that ties it to a series of the same patient comes now.
ALTER TABLE treatment_series ADD CONSTRAINT treatment_series_id_patient_key UNIQUE (id, patient_id);
ALTER TABLE treatment_sessions
  ADD CONSTRAINT treatment_sessions_series_fkey
  FOREIGN KEY (series_id, patient_id) REFERENCES treatment_series (id, patient_id);
