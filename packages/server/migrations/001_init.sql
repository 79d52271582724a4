-- microcore clinic server: the first schema. Applied once, in one transaction, recorded in
-- schema_migrations. The same SQL runs on embedded PGlite and on a PostgreSQL server.
--
-- Tenancy: every tenant table carries clinic_id and has a row-level security policy that
-- admits only the rows of the clinic named by the transaction-local setting app.clinic_id,
-- which the server sets with set_config('app.clinic_id', <uuid>, true) at the start of each
-- request's transaction. The application also filters by clinic_id in every query.
--
-- RLS binds only roles that neither own the table nor have BYPASSRLS (superusers bypass it).
-- PGlite runs everything as its superuser, so there the policies are inert and the
-- application's own filters do the work. On PostgreSQL the policies take effect when the
-- server connects as a non-owner role, e.g.
--   CREATE ROLE microcore_app LOGIN PASSWORD '…' NOSUPERUSER NOBYPASSRLS;
--   GRANT USAGE ON SCHEMA public TO microcore_app;
--   GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO microcore_app;
--   GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO microcore_app;
-- while the migrations run as the owner. The two SECURITY DEFINER functions below run as the
-- owner: they are the only ways to find a user before the clinic is known (login by email,
-- session by token hash), and they return only what authentication needs.

CREATE TABLE clinics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  email text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('admin', 'clinician', 'researcher')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_clinic_idx ON users (clinic_id);

-- Sessions: only the SHA-256 of the bearer token is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed logins, for throttling across several stateless server processes.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_at_idx ON login_failures (email, at);

CREATE TABLE patients (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  fitzpatrick_type smallint NOT NULL CHECK (fitzpatrick_type BETWEEN 1 AND 6),
  -- Alexiades-Armenakas laxity grade, 0–4 in half steps.
  laxity_grade numeric(2, 1) NOT NULL CHECK (laxity_grade BETWEEN 0 AND 4 AND laxity_grade * 2 = trunc(laxity_grade * 2)),
  email text,
  phone text,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patients_clinic_name_idx ON patients (clinic_id, family_name, given_name);

CREATE TABLE plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patient_id uuid NOT NULL REFERENCES patients (id),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  input jsonb NOT NULL,
  plan jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_patient_idx ON plans (clinic_id, patient_id, created_at);

-- The audit trail: one hash chain per clinic. hash = SHA-256(prev_hash || canonical JSON of
-- the record's fields), computed by the server; the chain head row is locked (FOR UPDATE) while
-- a record is appended, so concurrent requests cannot fork the chain.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  user_id uuid REFERENCES users (id),
  action text NOT NULL,
  resource_type text NOT NULL,
  resource_id text,
  outcome text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_clinic_idx ON audit_log (clinic_id, id);

CREATE TABLE audit_heads (
  clinic_id uuid PRIMARY KEY REFERENCES clinics (id),
  last_id bigint,
  last_hash text NOT NULL
);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE patients ENABLE ROW LEVEL SECURITY;
ALTER TABLE plans ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;

CREATE POLICY users_clinic ON users
  USING (clinic_id = current_setting('app.clinic_id', true)::uuid)
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true)::uuid);
CREATE POLICY patients_clinic ON patients
  USING (clinic_id = current_setting('app.clinic_id', true)::uuid)
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true)::uuid);
CREATE POLICY plans_clinic ON plans
  USING (clinic_id = current_setting('app.clinic_id', true)::uuid)
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true)::uuid);
CREATE POLICY audit_log_clinic ON audit_log
  USING (clinic_id = current_setting('app.clinic_id', true)::uuid)
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true)::uuid);
CREATE POLICY audit_heads_clinic ON audit_heads
  USING (clinic_id = current_setting('app.clinic_id', true)::uuid)
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true)::uuid);

-- Authentication lookups before the clinic is known (see the note at the top).
CREATE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (id uuid, clinic_id uuid, email text, role text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, u.email, u.role, u.password_hash FROM users u WHERE u.email = p_email
$$;

CREATE FUNCTION auth_session(p_token_hash text)
RETURNS TABLE (user_id uuid, clinic_id uuid, email text, role text, expires_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, u.email, u.role, s.expires_at
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
$$;
