-- Up Migration
-- Officers read the notifications addressed to their role at their unit (GET /api/notifications). A
-- notification goes to a role at a unit, which may be several people, so whether it was read is kept per
-- user; `sent_at` stays the delivery process's (SMS, e-mail) own marker.
CREATE TABLE notification_reads (
  notification_id  BIGINT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_at          TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (notification_id, user_id)
);

-- The list: an addressee's notifications, newest first.
CREATE INDEX notifications_addressee ON notifications (unit_code, role, created_at DESC, id DESC);

-- Down Migration
DROP INDEX notifications_addressee;
DROP TABLE notification_reads;
