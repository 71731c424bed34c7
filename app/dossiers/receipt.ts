/**
 * The receipt (form 01) of an accepted dossier, read from the timeline the workflow writes. A walk-in dossier
 * is accepted at once, but through the workflow: the desk waits briefly for it rather than answering without.
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
  // The receipt is written in the workflow's first task (local activities: workflows/dossier/intake.ts),
  // tens of milliseconds after the start: look soon, then less often (one indexed read each time).
  let pause = 10;
  for (;;) {
    const receipt = await findReceipt(db, code);
    if (receipt || Date.now() >= deadline) return receipt;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(100, Math.round(pause * 1.5));
  }
}
