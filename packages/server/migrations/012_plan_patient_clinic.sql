-- A plan's clinic is its patient's clinic, held by the database as the newer tables hold it
-- (migration 004): the composite key refuses a plan filed under one clinic for another clinic's
-- patient, whatever the application does. Row-level security already keeps each clinic to its
-- own rows; this keeps a row from claiming two clinics at once.

-- A plan that already breaks the rule stops the migration with its ids, not a bare key error.
DO $$
DECLARE
  v_bad text;
BEGIN
  SELECT string_agg(pl.id::text, ', ') INTO v_bad
    FROM plans pl JOIN patients pa ON pa.id = pl.patient_id
   WHERE pa.clinic_id <> pl.clinic_id;
  IF v_bad IS NOT NULL THEN
    RAISE EXCEPTION 'plans filed under another clinic than their patient''s: %', v_bad
      USING HINT = 'correct each plan''s clinic_id to its patient''s, then start the server again';
  END IF;
END
$$;

-- NOT VALID, then VALIDATE: adding the key checks no old row while it holds the strong lock;
-- validating does, under a lock that lets plans be written meanwhile.
ALTER TABLE plans
  ADD CONSTRAINT plans_patient_clinic_fkey
  FOREIGN KEY (patient_id, clinic_id) REFERENCES patients (id, clinic_id) NOT VALID;
ALTER TABLE plans VALIDATE CONSTRAINT plans_patient_clinic_fkey;
