-- Up Migration
-- A dossier received (its code taken, in the transaction that took it) whose workflow has not been started
-- yet. The workflow is started after that transaction commits, so no Postgres connection waits on Temporal;
-- if Temporal is out of reach the row stays and the API starts the workflow once Temporal answers again.
-- `input` is the workflow's start input (the application); the row goes once the workflow runs.
CREATE TABLE dossier_starts (
  code        TEXT PRIMARY KEY,
  input       JSONB NOT NULL,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE dossier_starts;
