import type { Pool, PoolClient } from 'pg';
import { DocumentError } from './errors';
import { overrideSourceSet, templateVersion, type TemplateSourceSet } from './template-sources';

/**
 * Template sources in Postgres: the source set of every version a document was rendered with (so stored
 * documents re-render identically after the built-in templates change), and admins' per-province overrides.
 */
type Queryable = Pool | PoolClient;

/** Records the sources of a version once; later documents with the same version reuse the row. */
export async function recordTemplateVersion(db: Queryable, sources: TemplateSourceSet): Promise<string> {
  const version = templateVersion(sources);
  await db.query(
    `INSERT INTO document_template_versions (version, template_id, sources)
     VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING`,
    [version, sources.templateId, JSON.stringify(sources)],
  );
  return version;
}

export class TemplateVersionMissingError extends DocumentError {
  readonly code = 'TEMPLATE_VERSION_MISSING';
  constructor(readonly version: string) {
    super(`Không tìm thấy phiên bản mẫu ${version}`);
  }
}

export async function loadTemplateVersion(db: Queryable, version: string): Promise<TemplateSourceSet> {
  const { rows } = await db.query<{ sources: TemplateSourceSet }>(
    'SELECT sources FROM document_template_versions WHERE version = $1',
    [version],
  );
  const row = rows[0];
  if (!row) throw new TemplateVersionMissingError(version);
  return row.sources;
}

export interface StoredOverride {
  id: number;
  provinceCode: string;
  templateId: string;
  source: string;
  version: string;
  createdAt: Date;
  createdBy: string;
}

/** The override in force for a province and template (the newest row), if any. */
export async function currentTemplateOverride(
  db: Queryable,
  provinceCode: string,
  templateId: string,
): Promise<StoredOverride | null> {
  const { rows } = await db.query<{
    id: number;
    province_code: string;
    template_id: string;
    source: string;
    version: string;
    created_at: Date;
    created_by: string;
  }>(
    `SELECT id, province_code, template_id, source, version, created_at, created_by
       FROM template_overrides
      WHERE province_code = $1 AND template_id = $2
      ORDER BY id DESC LIMIT 1`,
    [provinceCode, templateId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    provinceCode: row.province_code,
    templateId: row.template_id,
    source: row.source,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** Sources to render a province's document with: its override when one is in force, else undefined. */
export async function overrideSourcesFor(
  db: Queryable,
  provinceCode: string | undefined,
  templateId: string,
): Promise<TemplateSourceSet | undefined> {
  if (!provinceCode) return undefined;
  const override = await currentTemplateOverride(db, provinceCode, templateId);
  return override ? overrideSourceSet(templateId, override.source) : undefined;
}
