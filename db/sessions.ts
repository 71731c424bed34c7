/** Login sessions, keyed by the SHA-256 of the bearer token (the token itself is never stored). */
import type { Queryable } from './queryable';
import { toUser, type UserRecord, type UserRow } from './users';

export async function insertSession(
  db: Queryable,
  session: { tokenSha256: string; userId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO sessions (token_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [session.tokenSha256, session.userId, session.createdAt, session.expiresAt],
  );
}

export interface ActiveSession {
  tokenSha256: string;
  expiresAt: string;
  user: UserRecord;
}

/** The session and its user, only while unrevoked, unexpired at `now`, and the user active. */
export async function findActiveSession(
  db: Queryable,
  tokenSha256: string,
  now: Date,
): Promise<ActiveSession | undefined> {
  const { rows } = await db.query<
    Omit<UserRow, 'password_hash'> & { token_sha256: string; expires_at: Date }
  >(
    `SELECT s.token_sha256, s.expires_at, u.id, u.username, u.full_name, u.role, u.unit_code, u.active,
            u.created_at, u.updated_at
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND u.active`,
    [tokenSha256, now],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    tokenSha256: row.token_sha256,
    expiresAt: row.expires_at.toISOString(),
    user: toUser(row),
  };
}

export async function revokeSession(db: Queryable, tokenSha256: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE token_sha256 = $1 AND revoked_at IS NULL', [
    tokenSha256,
    now,
  ]);
}

/** Ends every session of a user (deactivation, password reset). */
export async function revokeUserSessions(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
    userId,
    now,
  ]);
}

/**
 * Deletes sessions that can never be used again: expired at `now`, or revoked. With `userId`, only that user's
 * (cheap on sessions_user_id, done at each login); without it, all of them (the API process's periodic purge,
 * on sessions_expires_at). Returns how many were deleted.
 */
export async function purgeExpiredSessions(db: Queryable, now: Date, userId?: string): Promise<number> {
  const result = userId
    ? await db.query(
        'DELETE FROM sessions WHERE user_id = $2 AND (expires_at <= $1 OR revoked_at IS NOT NULL)',
        [now, userId],
      )
    : await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL', [now]);
  return result.rowCount ?? 0;
}
