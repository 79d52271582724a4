-- Sign-in considers every enabled user with the email typed, not only the oldest (docs/server.md:
-- Sign-in). Emails are unique within a clinic only (013), so an admin of one clinic could create
-- another clinic's user's email first and, while sign-in reached the oldest account alone, keep
-- that user out for good; and a person working in two clinics could reach only one of them. The
-- server now checks the password against each of these accounts (the oldest few: src/auth/
-- signInCandidates.ts) and signs in to the one it matches; when it matches several, the login
-- names a clinic.
--
-- auth_users_by_email returns them all, oldest first, with the clinic's name (the answer that
-- asks for a clinic lists the clinics, to someone who gave the right password for each), and
-- created_at so the caller can keep the oldest few and still reach a chosen clinic's account.
-- SECURITY DEFINER like auth_user_by_email: sign-in runs before a clinic is known, so row-level
-- security on users would show it nothing.
--
-- auth_user_by_email (013: the oldest enabled user only) is no longer called. It stays for a
-- server of the previous version still running during a rolling upgrade; a later migration can
-- drop it.

CREATE FUNCTION auth_users_by_email(p_email text)
RETURNS TABLE (
  id uuid,
  clinic_id uuid,
  clinic_name text,
  email text,
  role text,
  password_hash text,
  created_at timestamptz
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash, u.created_at
  FROM users u JOIN clinics c ON c.id = u.clinic_id
  WHERE u.email = p_email AND u.disabled_at IS NULL
  ORDER BY u.created_at, u.id
$$;

-- It returns password hashes: only the app may call it (functions are executable by PUBLIC by
-- default; 002 does the same for the other lookups).
REVOKE EXECUTE ON FUNCTION auth_users_by_email(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_users_by_email(text) TO microcore_app;
