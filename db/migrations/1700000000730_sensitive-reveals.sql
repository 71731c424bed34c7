-- Up Migration
-- Officers allowed to see ID numbers and HIV status still see them masked until they ask; every such reveal is
-- recorded here (who, which dossier, when, from where), so an inspection can ask who looked at whose data.
CREATE TABLE sensitive_reveals (
  id            BIGSERIAL PRIMARY KEY,
  user_id       TEXT NOT NULL,
  dossier_code  TEXT NOT NULL,
  client_ip     TEXT NOT NULL,
  revealed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sensitive_reveals_dossier ON sensitive_reveals (dossier_code, revealed_at);
CREATE INDEX sensitive_reveals_user ON sensitive_reveals (user_id, revealed_at);

-- Down Migration
DROP TABLE sensitive_reveals;
