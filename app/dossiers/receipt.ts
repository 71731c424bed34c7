/**
 * The receipt (form 01) of an accepted dossier, read from the timeline the workflow writes. A walk-in dossier
 * is accepted at once, but through activities: the desk waits briefly for it rather than answering without.
 */
import type { Queryable } from '../../db/queryable';

export interface IssuedReceipt {
  appointmentDate: string;
  documentId?: string;
}

export async function findReceipt(db: Queryable, code: string): Promise<IssuedReceipt | undefined> {
  const { rows } = await db.query<{ data: { appointmentDate: string; documentId?: string } }>(
    `SELECT data FROM dossier_events WHERE dossier_code = $1 AND type = 'dossier_accepted' ORDER BY seq LIMIT 1`,
    [code],
  );
  const data = rows[0]?.data;
  return data
    ? { appointmentDate: data.appointmentDate, ...(data.documentId ? { documentId: data.documentId } : {}) }
    : undefined;
}

export async function waitForReceipt(
  db: Queryable,
  code: string,
  timeoutMs = 10_000,
): Promise<IssuedReceipt | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await findReceipt(db, code);
    if (receipt || Date.now() >= deadline) return receipt;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
