-- Up Migration
-- People who log in (officers, chairmen, admins, auditors), their sessions, and failed logins for throttling.

-- Each user is bound to one administrative unit; the API checks that the role fits the unit's level
-- (commune roles at communes, district roles at districts, admin/auditor at provinces) and scopes every
-- read and action to that unit.
CREATE TABLE users (
  id             UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  username       TEXT NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  full_name      TEXT NOT NULL CHECK (length(btrim(full_name)) > 0),
  -- argon2id PHC string; the plain password is never stored.
  password_hash  TEXT NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  role           TEXT NOT NULL CHECK (role IN ('intake_clerk', 'commune_officer', 'commune_chairman',
                   'district_officer', 'district_chairman', 'payment_officer', 'admin', 'auditor')),
  unit_code      TEXT NOT NULL REFERENCES administrative_units (code),
  active         BOOLEAN NOT NULL DEFAULT true,
  created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX users_unit_code ON users (unit_code);

-- Opaque bearer tokens: only their SHA-256 is kept, so a database dump cannot be replayed as a login.
CREATE TABLE sessions (
  token_sha256  TEXT PRIMARY KEY CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at    TIMESTAMPTZ NOT NULL,
  revoked_at    TIMESTAMPTZ,
  CHECK (expires_at > created_at)
);
CREATE INDEX sessions_user_id ON sessions (user_id);

-- One row per failed login, keyed by normalised username and client address. Kept in Postgres so every API
-- process counts the same failures; rows older than the throttling window are pruned as logins happen.
CREATE TABLE login_failures (
  id            BIGSERIAL PRIMARY KEY,
  username      TEXT NOT NULL,
  client_ip     TEXT NOT NULL,
  attempted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (username, client_ip, attempted_at);
CREATE INDEX login_failures_attempted_at ON login_failures (attempted_at);

-- Down Migration
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
