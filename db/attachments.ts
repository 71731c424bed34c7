/** Attachment rows (migration 700): staged while a form is being handled, then tied to their dossier. */
import type { Queryable } from './queryable';

export interface AttachmentRecord {
  id: string;
  dossierCode: string | null;
  kind: string;
  name: string;
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
  createdAt: string;
}

interface AttachmentRow {
  id: string;
  dossier_code: string | null;
  kind: string;
  name: string;
  media_type: AttachmentRecord['mediaType'];
  size_bytes: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  created_at: Date;
}

const toRecord = (row: AttachmentRow): AttachmentRecord => ({
  id: row.id,
  dossierCode: row.dossier_code,
  kind: row.kind,
  name: row.name,
  mediaType: row.media_type,
  size: Number(row.size_bytes),
  sha256: row.sha256,
  storageKey: row.storage_key,
  uploadedBy: row.uploaded_by,
  createdAt: row.created_at.toISOString(),
});

export interface NewAttachment {
  id: string;
  kind: string;
  name: string;
  mediaType: AttachmentRecord['mediaType'];
  size: number;
  sha256: string;
  storageKey: string;
  uploadedBy: string;
}

export async function insertStagedAttachments(
  db: Queryable,
  staging: { token: string; batch: string; at: Date },
  attachments: readonly NewAttachment[],
): Promise<void> {
  for (const a of attachments) {
    await db.query(
      `INSERT INTO attachments (id, staging_token, batch, kind, name, media_type, size_bytes, sha256, storage_key,
         uploaded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        a.id,
        staging.token,
        staging.batch,
        a.kind,
        a.name,
        a.mediaType,
        a.size,
        a.sha256,
        a.storageKey,
        a.uploadedBy,
        staging.at,
      ],
    );
  }
}

/**
 * Ties the staged files of a form to their dossier, unless files of the same form (batch) were tied already
 * (a double submit): then nothing is tied and the caller discards the staged copies. Answers the rows tied.
 */
export async function tieStagedAttachments(
  db: Queryable,
  input: { token: string; batch: string; dossierCode: string },
): Promise<number> {
  const result = await db.query(
    `UPDATE attachments SET dossier_code = $3, staging_token = NULL
     WHERE staging_token = $1
       AND NOT EXISTS (SELECT 1 FROM attachments WHERE dossier_code = $3 AND batch = $2)`,
    [input.token, input.batch, input.dossierCode],
  );
  return result.rowCount ?? 0;
}

/** Deletes the still-staged rows of a token; answers their storage keys (the caller deletes the objects). */
export async function deleteStaged(db: Queryable, token: string): Promise<string[]> {
  const { rows } = await db.query<{ storage_key: string }>(
    `DELETE FROM attachments WHERE staging_token = $1 RETURNING storage_key`,
    [token],
  );
  return rows.map((row) => row.storage_key);
}

/** Deletes staged rows older than `before` (forms never finished: a crash, a closed tab mid-request). */
export async function deleteStaleStaged(db: Queryable, before: Date): Promise<string[]> {
  const { rows } = await db.query<{ storage_key: string }>(
    `DELETE FROM attachments WHERE staging_token IS NOT NULL AND created_at < $1 RETURNING storage_key`,
    [before],
  );
  return rows.map((row) => row.storage_key);
}

export async function attachmentsOfDossier(db: Queryable, code: string): Promise<AttachmentRecord[]> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT * FROM attachments WHERE dossier_code = $1 ORDER BY created_at, name`,
    [code],
  );
  return rows.map(toRecord);
}

export async function findAttachment(
  db: Queryable,
  code: string,
  id: string,
): Promise<AttachmentRecord | undefined> {
  const { rows } = await db.query<AttachmentRow>(
    `SELECT * FROM attachments WHERE dossier_code = $1 AND id = $2`,
    [code, id],
  );
  return rows[0] ? toRecord(rows[0]) : undefined;
}

export async function bytesOfDossier(db: Queryable, code: string): Promise<number> {
  const { rows } = await db.query<{ total: string }>(
    `SELECT COALESCE(SUM(size_bytes), 0) AS total FROM attachments WHERE dossier_code = $1`,
    [code],
  );
  return Number(rows[0]?.total ?? 0);
}
