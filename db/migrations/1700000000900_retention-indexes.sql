-- Up Migration
-- The retention schedule (db/retention.ts) deletes rows by age; without these it would scan whole tables
-- that only grow until it runs.
CREATE INDEX rate_limit_attempts_attempted_at ON rate_limit_attempts (attempted_at);
CREATE INDEX tracking_failures_attempted_at ON tracking_failures (attempted_at);
CREATE INDEX public_complaint_attempts_attempted_at ON public_complaint_attempts (attempted_at);
CREATE INDEX outbox_messages_delivered ON outbox_messages (coalesce(sent_at, created_at))
  WHERE status IN ('sent', 'suppressed');

-- Down Migration
DROP INDEX outbox_messages_delivered;
DROP INDEX public_complaint_attempts_attempted_at;
DROP INDEX tracking_failures_attempted_at;
DROP INDEX rate_limit_attempts_attempted_at;
