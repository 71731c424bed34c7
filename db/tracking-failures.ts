/**
 * Wrong second factors on citizen tracking, per (dossier code, client address), in Postgres so every API
 * process counts the same guesses. Callers lock the key first inside a transaction (like login failures).
 */
import type { PoolClient } from 'pg';

export async function lockTrackingKey(client: PoolClient, code: string, clientIp: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`track ${code} ${clientIp}`]);
}

/** Failures since `since`, oldest first; older rows of the key are dropped on the way. */
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
