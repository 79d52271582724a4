-- The role the server connects as for requests, and what it may do.
--
-- Deployment on PostgreSQL (README: Configuration): the migrations run as the tables' owner
-- (DATABASE_MIGRATION_URL), requests run as a role that is neither the owner nor a superuser
-- nor BYPASSRLS (DATABASE_URL), so the row-level security policies of 001_init bind it.
--
-- The grants go to one fixed role name, microcore_app, rather than to PUBLIC or to a name
-- passed in: PUBLIC would hand the sessions, login_failures and clinics tables (which have no
-- clinic policy) and the authentication functions to every role that can connect to the
-- database, and SQL files cannot take parameters. The role is created here, without LOGIN, if
-- it is missing (which needs CREATEROLE; otherwise create it beforehand). Give it LOGIN and a
-- password, or grant it to the login role the server uses:
--   ALTER ROLE microcore_app LOGIN PASSWORD '…';        -- or: GRANT microcore_app TO my_login;
-- On PGlite everything runs as its superuser: the role exists but is not used.
--
-- Only what the server needs: no DELETE (records are archived, never deleted; login failures
-- are the exception, cleared on a successful login) and no UPDATE of the audit log, so the app
-- role can append to the audit trail but not rewrite it. A later migration that adds a table
-- grants on it in the same file.

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'microcore_app') THEN
    CREATE ROLE microcore_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO microcore_app;
GRANT SELECT, INSERT ON clinics, users, plans, audit_log TO microcore_app;
GRANT SELECT, INSERT, UPDATE ON patients, sessions, audit_heads TO microcore_app;
GRANT SELECT, INSERT, DELETE ON login_failures TO microcore_app;
GRANT USAGE ON SEQUENCE audit_log_id_seq, login_failures_id_seq TO microcore_app;

-- The two SECURITY DEFINER lookups return password hashes and sessions: only the app may call
-- them, not every role that can connect (functions are executable by PUBLIC by default).
REVOKE EXECUTE ON FUNCTION auth_user_by_email(text), auth_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_user_by_email(text), auth_session(text) TO microcore_app;

-- After a transaction that set app.clinic_id locally, the setting reads '' (not NULL) for the
-- rest of the session, and ''::uuid is an error: a pooled connection reused for a query without
-- a clinic would fail instead of seeing no rows. nullif makes "no clinic" mean "no rows".
ALTER POLICY users_clinic ON users
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER POLICY patients_clinic ON patients
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER POLICY plans_clinic ON plans
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER POLICY audit_log_clinic ON audit_log
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
ALTER POLICY audit_heads_clinic ON audit_heads
  USING (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid)
  WITH CHECK (clinic_id = nullif(current_setting('app.clinic_id', true), '')::uuid);
