-- A plan's clinic is its patient's clinic, held by the database as the newer tables hold it
-- (migration 004): the composite key refuses a plan filed under one clinic for another clinic's
-- patient, whatever the application does. Row-level security already keeps each clinic to its
-- own rows; this keeps a row from claiming two clinics at once.
ALTER TABLE plans
  ADD CONSTRAINT plans_patient_clinic_fkey
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id);
