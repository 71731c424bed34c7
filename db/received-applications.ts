/**
 * Applications received whose dossier_received event is not yet in the read model (migration 790). Workflows
 * carry the dossier code; activities read the application here or, once recorded, from dossiers.application.
 */
import type { Queryable } from './queryable';

export async function insertReceivedApplication(
  db: Queryable,
  code: string,
  application: unknown,
): Promise<void> {
  await db.query(`INSERT INTO received_applications (code, application) VALUES ($1, $2)`, [
    code,
    JSON.stringify(application),
  ]);
}

/** Removes and answers the application received under `code` (undefined when there is none). */
export async function takeReceivedApplication<T>(db: Queryable, code: string): Promise<T | undefined> {
  const { rows } = await db.query<{ application: T }>(
    `DELETE FROM received_applications WHERE code = $1 RETURNING application`,
    [code],
  );
  return rows[0]?.application;
}

/** The application of a recorded dossier (dossiers.application), undefined for an unknown code. */
export async function dossierApplication<T>(db: Queryable, code: string): Promise<T | undefined> {
  const { rows } = await db.query<{ application: T }>(`SELECT application FROM dossiers WHERE code = $1`, [
    code,
  ]);
  return rows[0]?.application;
}
