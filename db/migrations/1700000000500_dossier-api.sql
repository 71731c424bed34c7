-- Up Migration
-- What the dossier HTTP API keeps besides the workflow's read model: idempotency keys of submissions, and
-- failed tracking look-ups for throttling guesses of a dossier's second factor.

-- One row per (scope, key) sent in an Idempotency-Key header. The row is inserted in the same transaction
-- that allocates the dossier code and starts the workflow, so a concurrent duplicate waits on the primary key
-- and then finds the stored answer; a failed submission rolls its row back and the key can be used again.
CREATE TABLE idempotency_keys (
  scope            TEXT NOT NULL,
  key              TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  -- SHA-256 of the canonical JSON body: the same key with another body is refused (409).
  request_sha256   TEXT NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  response_status  INTEGER,
  response_body    JSONB,
  created_at       TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

-- A dossier code is public (printed on the receipt); the last four ID digits are only 10,000 guesses, so
-- wrong second factors are counted per (dossier code, client address) like failed logins.
CREATE TABLE tracking_failures (
  id            BIGSERIAL PRIMARY KEY,
  dossier_code  TEXT NOT NULL,
  client_ip     TEXT NOT NULL,
  attempted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX tracking_failures_key ON tracking_failures (dossier_code, client_ip, attempted_at);

-- Down Migration
DROP TABLE tracking_failures;
DROP TABLE idempotency_keys;
