-- Up Migration
-- Complaints during a public posting may come from anyone (POST /api/postings/:code/complaints needs no
-- second factor), so every attempt is counted per client address to rate-limit them, in Postgres so every
-- API process counts the same attempts.
CREATE TABLE public_complaint_attempts (
  id            BIGSERIAL PRIMARY KEY,
  client_ip     TEXT NOT NULL,
  dossier_code  TEXT NOT NULL,
  attempted_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX public_complaint_attempts_address ON public_complaint_attempts (client_ip, attempted_at);

-- Down Migration
DROP TABLE public_complaint_attempts;
