/** Dossiers stuck on an error no retry cures (migration 770), as admins list them. */
import type { Queryable } from './queryable';

export interface OpenIncident {
  dossierCode: string;
  procedureTitle: string | null;
  communeCode: string | null;
  activity: string;
  code: string;
  message: string;
  since: Date;
  updatedAt: Date;
}

/**
 * Open incidents of dossiers in the given communes, oldest first (the longest stuck at the top). An incident
 * that came before its dossier's first event has no dossier row: listed to admins whose scope has the commune
 * the code starts with.
 */
export async function listOpenIncidents(
  db: Queryable,
  communeCodes: readonly string[],
): Promise<OpenIncident[]> {
  const { rows } = await db.query<{
    dossier_code: string;
    procedure_title: string | null;
    commune_code: string | null;
    activity: string;
    code: string;
    message: string;
    opened_at: Date;
    updated_at: Date;
  }>(
    `SELECT i.dossier_code, d.procedure_title, d.commune_code, i.activity, i.code, i.message, i.opened_at,
            i.updated_at
       FROM dossier_incidents i LEFT JOIN dossiers d ON d.code = i.dossier_code
      WHERE COALESCE(d.commune_code, split_part(i.dossier_code, '-', 1)) = ANY($1)
      ORDER BY i.opened_at, i.dossier_code
      LIMIT 500`,
    [communeCodes],
  );
  return rows.map((row) => ({
    dossierCode: row.dossier_code,
    procedureTitle: row.procedure_title,
    communeCode: row.commune_code,
    activity: row.activity,
    code: row.code,
    message: row.message,
    since: row.opened_at,
    updatedAt: row.updated_at,
  }));
}

export async function incidentExists(db: Queryable, dossierCode: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM dossier_incidents WHERE dossier_code = $1', [
    dossierCode,
  ]);
  return (rowCount ?? 0) > 0;
}
