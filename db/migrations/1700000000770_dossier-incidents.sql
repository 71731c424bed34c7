-- Up Migration
-- A dossier whose workflow is stuck on an error retrying cannot cure (a procedure not in force, the read model
-- refusing an event, an activity failing past its attempts): one row per stuck dossier, written by the
-- workflow's reportIncident activity and deleted when the retry succeeds, so officers and admins see the
-- dossier and the error instead of a retry loop nobody notices. No foreign key: an incident may come before
-- the dossier's first event is recorded.
CREATE TABLE dossier_incidents (
  dossier_code  TEXT PRIMARY KEY,
  activity      TEXT NOT NULL,
  code          TEXT NOT NULL,
  message       TEXT NOT NULL,
  opened_at     TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL
);

-- Down Migration
DROP TABLE dossier_incidents;
