/** The audit log (migration 742): rows written with the change they record; read by admins and auditors. */
import type { Queryable } from './queryable';

export interface NewAuditEntry {
  at: Date;
  actor: { userId: string; username: string; role: string; unitCode: string };
  action: string;
  target: { kind: string; id: string };
  dossierCode?: string;
  clientAddress: string;
  /** Codes, versions, dates: never personal data. */
  details?: Record<string, unknown>;
}

export async function insertAuditEntry(db: Queryable, entry: NewAuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (at, actor_user_id, actor_username, actor_role, unit_code, action, target_kind,
                            target_id, dossier_code, client_address, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.at,
      entry.actor.userId,
      entry.actor.username,
      entry.actor.role,
      entry.actor.unitCode,
      entry.action,
      entry.target.kind,
      entry.target.id,
      entry.dossierCode ?? null,
      entry.clientAddress,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { userId: string | null; username: string; role: string; unitCode: string };
  action: string;
  target: { kind: string; id: string };
  dossierCode: string | null;
  clientAddress: string;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  unitCodes: readonly string[];
  from?: Date;
  /** Exclusive. */
  to?: Date;
  action?: string;
  /** A username. */
  actor?: string;
  dossierCode?: string;
  limit: number;
  offset: number;
}

interface AuditRow {
  id: string | number;
  at: Date;
  actor_user_id: string | null;
  actor_username: string;
  actor_role: string;
  unit_code: string;
  action: string;
  target_kind: string;
  target_id: string;
  dossier_code: string | null;
  client_address: string;
  details: Record<string, unknown>;
  total: string;
}

/** Rows whose actor's unit is in `unitCodes`, newest first, with the count of all matches for paging. */
export async function listAuditEntries(
  db: Queryable,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; total: number }> {
  const { rows } = await db.query<AuditRow>(
    `SELECT *, count(*) OVER () AS total FROM audit_log
      WHERE unit_code = ANY($1)
        AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
        AND ($4::text IS NULL OR action = $4) AND ($5::text IS NULL OR actor_username = $5)
        AND ($6::text IS NULL OR dossier_code = $6)
      ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8`,
    [
      filter.unitCodes,
      filter.from ?? null,
      filter.to ?? null,
      filter.action ?? null,
      filter.actor ?? null,
      filter.dossierCode ?? null,
      filter.limit,
      filter.offset,
    ],
  );
  return {
    total: rows[0] ? Number(rows[0].total) : 0,
    entries: rows.map((row) => ({
      id: Number(row.id),
      at: row.at.toISOString(),
      actor: {
        userId: row.actor_user_id,
        username: row.actor_username,
        role: row.actor_role,
        unitCode: row.unit_code,
      },
      action: row.action,
      target: { kind: row.target_kind, id: row.target_id },
      dossierCode: row.dossier_code,
      clientAddress: row.client_address,
      details: row.details,
    })),
  };
}
