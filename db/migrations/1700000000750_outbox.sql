-- Up Migration
-- Messages that reach people (e-mail, SMS). A row is written in the same transaction as the dossier event that
-- causes it; the key (dossier, event seq, channel, recipient) makes a retried event add nothing. The
-- dispatcher (notifications/dispatcher.ts) claims due rows, sends them outside any transaction and records each
-- attempt.
CREATE TABLE outbox_messages (
  id               BIGSERIAL PRIMARY KEY,
  dossier_code     TEXT NOT NULL,
  seq              INTEGER NOT NULL,
  channel          TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  -- An e-mail address in lower case, or a number as +84XXXXXXXXX.
  recipient        TEXT NOT NULL,
  audience         TEXT NOT NULL CHECK (audience IN ('citizen', 'officer')),
  user_id          UUID REFERENCES users (id) ON DELETE SET NULL,
  kind             TEXT NOT NULL,
  subject          TEXT,
  body             TEXT NOT NULL,
  -- SMS only: how the gateway counts it (GSM-7 without Vietnamese diacritics, UCS-2 with) and into how many
  -- segments it is split.
  sms_encoding     TEXT CHECK (sms_encoding IN ('GSM-7', 'UCS-2')),
  sms_segments     INTEGER,
  -- Officers who chose a daily digest: the row waits until the digest hour and leaves in one e-mail with the
  -- others of that officer.
  digest           BOOLEAN NOT NULL DEFAULT false,
  -- pending → sending (claimed, until next_attempt_at: the lease) → sent | pending (retry) | failed
  -- (attempts used up) | suppressed (the number said STOP).
  status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TIMESTAMPTZ NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL,
  sent_at          TIMESTAMPTZ,
  provider         TEXT,
  provider_id      TEXT,
  last_error       TEXT,
  UNIQUE (dossier_code, seq, channel, recipient)
);
-- What the dispatcher claims: due rows, oldest first.
CREATE INDEX outbox_messages_due ON outbox_messages (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_messages_recent ON outbox_messages (created_at DESC, id DESC);

-- Every try of every message: when, what came of it, the provider's id or its error.
CREATE TABLE outbox_attempts (
  id           BIGSERIAL PRIMARY KEY,
  message_id   BIGINT NOT NULL REFERENCES outbox_messages (id) ON DELETE CASCADE,
  attempt      INTEGER NOT NULL,
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed', 'suppressed')),
  provider     TEXT NOT NULL,
  provider_id  TEXT,
  error        TEXT
);
CREATE INDEX outbox_attempts_message ON outbox_attempts (message_id, attempt);

-- Numbers that answered STOP (or HUY, TC): no SMS goes to them until they send START.
CREATE TABLE sms_opt_outs (
  phone          TEXT PRIMARY KEY,
  keyword        TEXT NOT NULL,
  opted_out_at   TIMESTAMPTZ NOT NULL
);

-- Officers' addresses and whether they want each message at once or one digest a day.
ALTER TABLE users
  ADD COLUMN email TEXT CHECK (email IS NULL OR email = lower(email)),
  ADD COLUMN phone TEXT,
  ADD COLUMN notification_mode TEXT NOT NULL DEFAULT 'immediate'
    CHECK (notification_mode IN ('immediate', 'digest'));

-- An alert to admins when a message could not be delivered: one per message, so the event key of the
-- officers' notifications applies only to them.
ALTER TABLE notifications ADD COLUMN outbox_message_id BIGINT UNIQUE REFERENCES outbox_messages (id);
ALTER TABLE notifications DROP CONSTRAINT notifications_dossier_code_seq_audience_role_key;
CREATE UNIQUE INDEX notifications_event_addressee ON notifications (dossier_code, seq, audience, role)
  WHERE outbox_message_id IS NULL;

-- Down Migration
DROP INDEX notifications_event_addressee;
DELETE FROM notifications WHERE outbox_message_id IS NOT NULL;
ALTER TABLE notifications ADD CONSTRAINT notifications_dossier_code_seq_audience_role_key
  UNIQUE (dossier_code, seq, audience, role);
ALTER TABLE notifications DROP COLUMN outbox_message_id;
ALTER TABLE users DROP COLUMN notification_mode, DROP COLUMN phone, DROP COLUMN email;
DROP TABLE sms_opt_outs;
DROP TABLE outbox_attempts;
DROP TABLE outbox_messages;
