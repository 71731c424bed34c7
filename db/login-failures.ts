/**
 * Failed logins per (username, client address), in Postgres so every API process sees the same count.
 * Callers take `lockLoginKey` inside a transaction first: concurrent attempts on one key then queue, and
 * a burst of parallel guesses cannot all slip in under the limit.
 */
import type { PoolClient } from 'pg';

export async function lockLoginKey(client: PoolClient, username: string, clientIp: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `login ${username} ${clientIp}`,
  ]);
}

/** Failures since `since`, oldest first (the oldest decides when the next attempt is allowed). */
export async function recentFailures(
  client: PoolClient,
  username: string,
  clientIp: string,
  since: Date,
): Promise<Date[]> {
  const { rows } = await client.query<{ attempted_at: Date }>(
    `SELECT attempted_at FROM login_failures
      WHERE username = $1 AND client_ip = $2 AND attempted_at > $3 ORDER BY attempted_at`,
    [username, clientIp, since],
  );
  return rows.map((row) => row.attempted_at);
}

export async function recordFailure(
  client: PoolClient,
  username: string,
  clientIp: string,
  at: Date,
): Promise<void> {
  await client.query('INSERT INTO login_failures (username, client_ip, attempted_at) VALUES ($1, $2, $3)', [
    username,
    clientIp,
    at,
  ]);
}

/** After a success the key starts afresh; expired rows of the key are dropped at the same time. */
export async function clearFailures(client: PoolClient, username: string, clientIp: string): Promise<void> {
  await client.query('DELETE FROM login_failures WHERE username = $1 AND client_ip = $2', [
    username,
    clientIp,
  ]);
}

export async function pruneFailures(client: PoolClient, before: Date): Promise<void> {
  await client.query('DELETE FROM login_failures WHERE attempted_at <= $1', [before]);
}
