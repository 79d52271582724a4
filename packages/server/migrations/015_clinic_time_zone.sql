-- Two changes of the server's redesign (docs/server.md):
--
-- 1. Each clinic has a time zone (an IANA name such as 'Europe/Paris', default 'UTC') that decides
--    what "today" is for its records: a record may not be dated after the clinic's today, and a
--    screening or a withdrawal without a date is dated the clinic's today. The server computes
--    the day from its one clock and this setting (src/clinicCalendar.ts); PostgreSQL's own clock
--    and time zone play no part. The name is checked by the server (Intl), which is what uses it;
--    the CHECK only keeps it a plausible token.
--
-- 2. Reads of a patient go through the same audited path as every other read (src/audited.ts),
--    so the batched read function of migration 011 and the single read of migration 010 have no
--    caller any more. Both are dropped: no server of the version that called them may still run
--    against this database (stop every server process before starting this version).

ALTER TABLE clinics
  ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC'
  CHECK (time_zone ~ '^[A-Za-z0-9_+/-]{1,64}$');

-- The app role may change the time zone, and nothing else of a clinic — and only of the clinic
-- its transaction is scoped to: row-level security on clinics binds updates; reading and creating
-- clinics stay as they were (sign-in and the seed need them before a clinic is known).
GRANT UPDATE (time_zone) ON clinics TO microcore_app;
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
CREATE POLICY clinics_read ON clinics FOR SELECT USING (true);
CREATE POLICY clinics_create ON clinics FOR INSERT WITH CHECK (true);
CREATE POLICY clinics_update_own ON clinics FOR UPDATE
  USING (id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.clinic_id', true), '')::uuid);

DROP FUNCTION IF EXISTS patients_read(uuid, jsonb);
DROP FUNCTION IF EXISTS patient_in_clinic(uuid, uuid);
