/**
 * Complaints filed by anyone during a public posting, counted per client address (every attempt, answered
 * or refused) so one address cannot flood a commune chairman's inbox. Callers lock the address first inside
 * a transaction: concurrent attempts from it then queue and cannot all slip under the limit.
 */
import type { PoolClient } from 'pg';

export async function lockComplaintAddress(client: PoolClient, clientIp: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`complaint ${clientIp}`]);
}

/** Attempts from the address since `since`, oldest first; older rows of the address are dropped. */
export async function recentComplaintAttempts(
  client: PoolClient,
  clientIp: string,
  since: Date,
): Promise<Date[]> {
  await client.query('DELETE FROM public_complaint_attempts WHERE client_ip = $1 AND attempted_at <= $2', [
    clientIp,
    since,
  ]);
  const { rows } = await client.query<{ attempted_at: Date }>(
    'SELECT attempted_at FROM public_complaint_attempts WHERE client_ip = $1 ORDER BY attempted_at',
    [clientIp],
  );
  return rows.map((row) => row.attempted_at);
}

export async function recordComplaintAttempt(
  client: PoolClient,
  clientIp: string,
  code: string,
  at: Date,
): Promise<void> {
  await client.query(
    'INSERT INTO public_complaint_attempts (client_ip, dossier_code, attempted_at) VALUES ($1, $2, $3)',
    [clientIp, code, at],
  );
}
