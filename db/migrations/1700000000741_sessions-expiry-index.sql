-- Up Migration
-- Expired sessions are deleted periodically by every API process (app/auth/session-purge.ts); this index keeps
-- that delete from scanning the table.
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Down Migration
DROP INDEX sessions_expires_at;
