/**
 * Wrong second factors on citizen tracking, in Postgres so every API process counts the same guesses:
 * per (dossier code, client address), and per client address across all codes (someone who knows a phone
 * number must not walk through a commune's codes). Callers lock the address first inside a transaction
 * (like login failures) whenever the address has recent failures or the factor is wrong: every such look-up
 * from one address then queues, so a burst cannot slip under a limit.
 */
import type { PoolClient } from 'pg';
import type { Queryable } from './queryable';

/** Whether the address (parameter `ip`) failed since `since`: an expression other reads may carry along. */
export const ADDRESS_FAILED_SINCE_SQL = (ip: string, since: string) =>
  `EXISTS (SELECT 1 FROM tracking_failures WHERE client_ip = ${ip} AND attempted_at > ${since})`;

/**
 * Whether the address has any wrong factor since `since`, without a lock: the fast path of a look-up (no
 * recent failure and the right factor) needs nothing else.
 */
export async function addressHasRecentFailures(
  db: Queryable,
  clientIp: string,
  since: Date,
): Promise<boolean> {
  const { rows } = await db.query<{ failed: boolean }>(
    `SELECT ${ADDRESS_FAILED_SINCE_SQL('$1', '$2')} AS failed`,
    [clientIp, since],
  );
  return rows[0]?.failed === true;
}

/** Serialises the look-ups of one client address (which covers every (code, address) key too). */
export async function lockTrackingAddress(client: PoolClient, clientIp: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`track ${clientIp}`]);
}

/** Failures of one code from one address since `since`, oldest first; older rows of the key are dropped. */
export async function recentTrackingFailures(
  client: PoolClient,
  code: string,
  clientIp: string,
  since: Date,
): Promise<Date[]> {
  await client.query(
    'DELETE FROM tracking_failures WHERE dossier_code = $1 AND client_ip = $2 AND attempted_at <= $3',
    [code, clientIp, since],
  );
  const { rows } = await client.query<{ attempted_at: Date }>(
    `SELECT attempted_at FROM tracking_failures
      WHERE dossier_code = $1 AND client_ip = $2 ORDER BY attempted_at`,
    [code, clientIp],
  );
  return rows.map((row) => row.attempted_at);
}

/** Failures from one address on any code since `since`, oldest first; older rows of the address are dropped. */
export async function recentTrackingFailuresOfAddress(
  client: PoolClient,
  clientIp: string,
  since: Date,
): Promise<Date[]> {
  await client.query('DELETE FROM tracking_failures WHERE client_ip = $1 AND attempted_at <= $2', [
    clientIp,
    since,
  ]);
  const { rows } = await client.query<{ attempted_at: Date }>(
    'SELECT attempted_at FROM tracking_failures WHERE client_ip = $1 ORDER BY attempted_at',
    [clientIp],
  );
  return rows.map((row) => row.attempted_at);
}

export async function recordTrackingFailure(
  client: PoolClient,
  code: string,
  clientIp: string,
  at: Date,
): Promise<void> {
  await client.query(
    'INSERT INTO tracking_failures (dossier_code, client_ip, attempted_at) VALUES ($1, $2, $3)',
    [code, clientIp, at],
  );
}
