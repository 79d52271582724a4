-- An admin manages the users of their clinic: changes a role, disables a user (and enables them
-- again). Users are never deleted: the audit trail names them.
--
-- A disabled user cannot sign in (the lookup finds no such user, so the answer is the same 401
-- as for an unknown email) and none of their sessions authenticate any more.

ALTER TABLE users ADD COLUMN disabled_at timestamptz;

GRANT UPDATE (role, disabled_at) ON users TO microcore_app;

CREATE OR REPLACE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (id uuid, clinic_id uuid, email text, role text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, u.email, u.role, u.password_hash FROM users u
  WHERE u.email = p_email AND u.disabled_at IS NULL
$$;

CREATE OR REPLACE FUNCTION auth_session(p_token_hash text)
RETURNS TABLE (user_id uuid, clinic_id uuid, email text, role text, expires_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, u.email, u.role, s.expires_at
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
    AND u.disabled_at IS NULL
$$;
