-- Up Migration
-- Foundation: a heartbeat table the runtime smoke test writes through a real Temporal activity.
CREATE TABLE runtime_probe (
  id          TEXT PRIMARY KEY,
  note        TEXT NOT NULL,
  written_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE runtime_probe;
