-- Sign-in: an atomic throttle per account and per client, a record of every attempt, and email
-- addresses unique within a clinic (docs/server.md: Sign-in; the policy is
-- src/auth/throttlePolicy.ts).
--
-- sign_in_limits holds the throttle's counters, three per attempt: the client's own
-- (account_key = ''), the account's over the clients it has never signed in from
-- (client_key = ''), and the pair's (both set; last_success_at makes the client a known client of
-- the account). The server locks an attempt's three rows (SELECT … FOR UPDATE, in key order, so
-- two attempts cannot deadlock), decides, and charges the attempt as a failure in the same
-- transaction before the password is checked: attempts that arrive together queue on the rows
-- and cannot all pass on the same count.
--
-- sign_in_attempts records every attempt whose password was checked (ok, failed) and the first
-- refused one of each wait (throttled). It has no clinic: an email that matches no user belongs
-- to none, and the throttle must count it exactly like one that does, or its answers would tell
-- which emails exist. An attempt on a user's email is also appended to their clinic's audit chain
-- (who could not be known, so without a user; the target user as the resource).
--
-- Neither table holds the email typed, only account_key = the SHA-256 (hex) of it trimmed and in
-- lower case: people type their password into the email box, and a digest keeps it out of
-- plain sight. The client is its address (request.ip). No password is ever stored. Rows untouched
-- for 30 days are deleted by the server (policy keepDays).
--
-- No row-level security: there is no clinic_id, and the server reads them before it knows a
-- clinic. The app role gets DELETE here for that pruning, and for nothing else.

CREATE TABLE sign_in_limits (
  account_key text NOT NULL,
  client_key text NOT NULL,
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  blocked_until timestamptz,
  last_failure_at timestamptz,
  last_success_at timestamptz,
  refusal_recorded boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_key, client_key),
  CHECK (account_key <> '' OR client_key <> '')
);
CREATE INDEX sign_in_limits_updated_idx ON sign_in_limits (updated_at);

CREATE TABLE sign_in_attempts (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  account_key text NOT NULL,
  client_key text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('ok', 'failed', 'throttled'))
);
CREATE INDEX sign_in_attempts_account_idx ON sign_in_attempts (account_key, at);
CREATE INDEX sign_in_attempts_at_idx ON sign_in_attempts (at);

GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_limits TO microcore_app;
GRANT SELECT, INSERT, DELETE ON sign_in_attempts TO microcore_app;
GRANT USAGE ON SEQUENCE sign_in_attempts_id_seq TO microcore_app;

-- login_failures (001) is no longer written. It stays for a server of the previous version still
-- running during a rolling upgrade; a later migration can drop it.

-- An email is unique within a clinic, no longer across clinics. An admin who adds a user whose
-- email another clinic already has gets the same answer as for any new email, so the API cannot
-- be asked which emails exist elsewhere. Sign-in is still by email alone. Here it reached the
-- oldest enabled user with that email only (auth_user_by_email below); since migration 016 it
-- checks the password against every enabled user with the email and signs in to the one it
-- matches. A server of the previous version still running during the upgrade answers a new user
-- with 500 (its ON CONFLICT names the dropped key).
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_clinic_email_key UNIQUE (clinic_id, email);
CREATE INDEX users_email_idx ON users (email, created_at, id);

CREATE OR REPLACE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (id uuid, clinic_id uuid, email text, role text, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.clinic_id, u.email, u.role, u.password_hash FROM users u
  WHERE u.email = p_email AND u.disabled_at IS NULL
  ORDER BY u.created_at, u.id
  LIMIT 1
$$;
