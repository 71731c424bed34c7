/** The audit trail of officers' reveals of masked personal data (ID numbers, HIV status). */
import type { Queryable } from './queryable';

export async function recordSensitiveReveal(
  db: Queryable,
  reveal: { userId: string; dossierCode: string; clientIp: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sensitive_reveals (user_id, dossier_code, client_ip, revealed_at) VALUES ($1, $2, $3, $4)`,
    [reveal.userId, reveal.dossierCode, reveal.clientIp, reveal.at],
  );
}
