-- Up Migration
-- The application as received, written in the transaction that takes the dossier's code, so the workflow's
-- start input (and so Temporal's history) carries the code and units only, never the personal data. The
-- read model's dossier_received projection moves it into dossiers.application and deletes the row: the
-- application lives in one place at a time.
CREATE TABLE received_applications (
  code         TEXT PRIMARY KEY,
  application  JSONB NOT NULL,
  created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE received_applications;
