-- Up Migration
-- Online submissions need no account (POST /api/dossiers, the online application page): every attempt is
-- counted per client address and per phone (app/rate-limit.ts), in Postgres so every API process counts the
-- same attempts. One table for any such limit: `bucket` names the limit, `key` what it counts.
CREATE TABLE rate_limit_attempts (
  id            BIGSERIAL PRIMARY KEY,
  bucket        TEXT NOT NULL,
  key           TEXT NOT NULL,
  attempted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limit_attempts_key ON rate_limit_attempts (bucket, key, attempted_at);

-- Online dossiers received per unit and day, bounded by config (ONLINE_SUBMISSIONS_PER_UNIT_PER_DAY) so that
-- online abuse can never spend the numbers of the unit's daily code sequence that the one-stop desk needs.
-- Bumped in the submission's transaction: a failed submission gives its place back.
CREATE TABLE online_submission_counts (
  unit_code    TEXT NOT NULL,
  received_on  DATE NOT NULL,
  count        INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (unit_code, received_on)
);

-- Down Migration
DROP TABLE online_submission_counts;
DROP TABLE rate_limit_attempts;
