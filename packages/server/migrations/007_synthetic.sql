-- Synthetic demo patients (issue 5, "Demo data"): the demo clinic is seeded with a generated
-- cohort (src/seed.ts, core's syntheticCohort) so the evidence views have something to show.
-- Such a patient is never a real person; the flag lets the API say so (the patient JSON's
-- `synthetic`) and a UI badge them, and lets evidence exclude or separate them.
--
-- Every patient registered through the API is a real one: the column defaults to false and no
-- route sets it. No new grant: microcore_app already has SELECT, INSERT, UPDATE on patients
-- (002_app_role), which covers a new column.

ALTER TABLE patients ADD COLUMN synthetic boolean NOT NULL DEFAULT false;
