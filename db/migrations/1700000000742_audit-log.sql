-- Up Migration
-- The audit log: who did what, when, to which record or dossier, from which address. Written in the same
-- transaction as the change it records (admin changes) or before the data is shown (reads of protected data),
-- so a change without its row, or a row without its change, cannot exist. `details` never holds personal data
-- (no names, ID numbers, phones, health): codes, versions and dates only. The actor's username and role are
-- copied, so the row still says who it was after the user is renamed or removed; `unit_code` is the actor's
-- unit, which decides who may read the row (the admins and auditors whose scope contains it).
CREATE TABLE audit_log (
  id              BIGSERIAL PRIMARY KEY,
  at              TIMESTAMPTZ NOT NULL,
  actor_user_id   UUID,
  actor_username  TEXT NOT NULL,
  actor_role      TEXT NOT NULL,
  unit_code       TEXT NOT NULL,
  action          TEXT NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_kind     TEXT NOT NULL,
  target_id       TEXT NOT NULL,
  dossier_code    TEXT,
  client_address  TEXT NOT NULL,
  details         JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_unit_at ON audit_log (unit_code, at DESC, id DESC);
CREATE INDEX audit_log_dossier ON audit_log (dossier_code, at) WHERE dossier_code IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, at);

-- One concept, not two: a reveal of masked personal data is an audit row like any other read of protected
-- data. The rows recorded so far move over, and the old name stays as a read-only view of them.
INSERT INTO audit_log (at, actor_user_id, actor_username, actor_role, unit_code, action, target_kind, target_id,
                       dossier_code, client_address)
SELECT r.revealed_at, u.id, coalesce(u.username, r.user_id), coalesce(u.role, 'unknown'),
       coalesce(u.unit_code, ''), 'dossier.reveal_sensitive', 'dossier', r.dossier_code, r.dossier_code,
       r.client_ip
  FROM sensitive_reveals r LEFT JOIN users u ON u.id::text = r.user_id
 ORDER BY r.id;
DROP TABLE sensitive_reveals;
CREATE VIEW sensitive_reveals AS
SELECT id, actor_user_id::text AS user_id, dossier_code, client_address AS client_ip, at AS revealed_at
  FROM audit_log WHERE action = 'dossier.reveal_sensitive';

-- Down Migration
DROP VIEW sensitive_reveals;
CREATE TABLE sensitive_reveals (
  id            BIGSERIAL PRIMARY KEY,
  user_id       TEXT NOT NULL,
  dossier_code  TEXT NOT NULL,
  client_ip     TEXT NOT NULL,
  revealed_at   TIMESTAMPTZ NOT NULL
);
INSERT INTO sensitive_reveals (user_id, dossier_code, client_ip, revealed_at)
SELECT coalesce(actor_user_id::text, actor_username), dossier_code, client_address, at
  FROM audit_log WHERE action = 'dossier.reveal_sensitive' ORDER BY id;
CREATE INDEX sensitive_reveals_dossier ON sensitive_reveals (dossier_code, revealed_at);
CREATE INDEX sensitive_reveals_user ON sensitive_reveals (user_id, revealed_at);
DROP TABLE audit_log;
