/** Dossiers received whose workflow is still to be started (migration 780). */
import type { Pool } from 'pg';
import type { Queryable } from './queryable';

export async function insertDossierStart(db: Queryable, code: string, input: unknown): Promise<void> {
  await db.query(`INSERT INTO dossier_starts (code, input) VALUES ($1, $2)`, [code, JSON.stringify(input)]);
}

export async function findDossierStart<T>(db: Queryable, code: string): Promise<T | undefined> {
  const { rows } = await db.query<{ input: T }>(`SELECT input FROM dossier_starts WHERE code = $1`, [code]);
  return rows[0]?.input;
}

export async function deleteDossierStart(db: Queryable, code: string): Promise<void> {
  await db.query(`DELETE FROM dossier_starts WHERE code = $1`, [code]);
}

/** Codes still waiting, oldest first. */
export async function pendingDossierStarts(pool: Pool, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ code: string }>(
    `SELECT code FROM dossier_starts ORDER BY created_at, code LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.code);
}
