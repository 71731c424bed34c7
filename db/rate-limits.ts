/**
 * Attempts counted for a rate limit (app/rate-limit.ts), per bucket (which limit) and key (an address, a
 * phone). Callers lock the key first inside a transaction: concurrent attempts then queue and cannot all
 * slip under the limit.
 */
import type { PoolClient } from 'pg';

export async function lockRateLimitKey(client: PoolClient, bucket: string, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rate ${bucket} ${key}`]);
}

/** Attempts since `since`, oldest first; older rows of the key are dropped on the way. */
export async function recentAttempts(
  client: PoolClient,
  bucket: string,
  key: string,
  since: Date,
): Promise<Date[]> {
  await client.query(
    'DELETE FROM rate_limit_attempts WHERE bucket = $1 AND key = $2 AND attempted_at <= $3',
    [bucket, key, since],
  );
  const { rows } = await client.query<{ attempted_at: Date }>(
    'SELECT attempted_at FROM rate_limit_attempts WHERE bucket = $1 AND key = $2 ORDER BY attempted_at',
    [bucket, key],
  );
  return rows.map((row) => row.attempted_at);
}

export async function recordAttempt(
  client: PoolClient,
  bucket: string,
  key: string,
  at: Date,
): Promise<void> {
  await client.query('INSERT INTO rate_limit_attempts (bucket, key, attempted_at) VALUES ($1, $2, $3)', [
    bucket,
    key,
    at,
  ]);
}
