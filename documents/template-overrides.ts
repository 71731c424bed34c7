import type { Pool } from 'pg';
import { z } from 'zod';
import type { Queryable } from '../db/queryable';
import { documentKind } from './document-kinds';
import { DocumentDataError, DocumentError, TemplateRejectedError } from './errors';
import { renderDocumentHtml } from './render-html';
import { loadSample } from './samples';
import { text } from './schemas/common';
import { compileTemplateSet } from './template-compiler';
import { overrideSourceSet, templateVersion } from './template-sources';
import { loadTemplateVersion, recordTemplateVersion } from './template-store';

export const saveTemplateOverrideInputSchema = z.strictObject({
  provinceCode: text,
  templateId: text,
  /** The full body template; it may use the shared partials and helpers. */
  source: z.string().min(1),
  createdBy: text,
});

export type SaveTemplateOverrideInput = z.input<typeof saveTemplateOverrideInputSchema>;

export interface SavedTemplateOverride {
  id: number;
  version: string;
  /** The sample document rendered with the new template, for the admin to check. */
  previewHtml: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ProvenTemplate {
  kind: ReturnType<typeof documentKind>['id'];
  sources: ReturnType<typeof overrideSourceSet>;
  version: string;
  /** The kind's sample document rendered with the template. */
  previewHtml: string;
}

/**
 * Proves an admin's body template without storing anything: it must compile, and it must render the kind's
 * sample data (strict mode, so a misspelt field fails here, not on a citizen's document). A broken template
 * throws TemplateRejectedError with Handlebars' own message. Saving and previewing both go through this.
 */
export function proveTemplateOverride(templateId: string, source: string): ProvenTemplate {
  const kind = documentKind(templateId).id;
  const sources = overrideSourceSet(kind, source);
  try {
    compileTemplateSet(sources);
  } catch (error) {
    throw new TemplateRejectedError(kind, messageOf(error));
  }
  const sample = loadSample(kind);
  let previewHtml: string;
  try {
    previewHtml = renderDocumentHtml(kind, sample.data, { header: sample.header, sources }).html;
  } catch (error) {
    // The sample data is valid by construction (tests prove it), so any failure is the template's.
    if (error instanceof DocumentError && !(error instanceof DocumentDataError)) throw error;
    throw new TemplateRejectedError(kind, messageOf(error));
  }
  return { kind, sources, version: templateVersion(sources), previewHtml };
}

/**
 * A preview the admin pages can show at its own address (so it is served with its own strict, sandboxed CSP
 * rather than inlined into the page): the proven sources are recorded content-addressed, like the versions
 * documents are rendered with, and `renderTemplatePreview` renders the sample again from the version. Nothing
 * is put in force: only template_overrides says which version a province uses.
 */
export async function recordTemplatePreview(
  deps: { pool: Pool },
  templateId: string,
  source: string,
): Promise<{ version: string; previewHtml: string }> {
  const proven = proveTemplateOverride(templateId, source);
  await recordTemplateVersion(deps.pool, proven.sources);
  return { version: proven.version, previewHtml: proven.previewHtml };
}

/** The kind's sample rendered with a recorded version; undefined when the version is of another kind. */
export async function renderTemplatePreview(
  deps: { pool: Pool },
  templateId: string,
  version: string,
): Promise<string | undefined> {
  const sources = await loadTemplateVersion(deps.pool, version);
  if (sources.templateId !== templateId) return undefined;
  const kind = documentKind(templateId).id;
  const sample = loadSample(kind);
  return renderDocumentHtml(kind, sample.data, { header: sample.header, sources }).html;
}

/**
 * Stores a province's override of a document template, after proving it works: it must compile, and it
 * must render the template's sample data (strict mode, so a misspelt field fails here, not on a
 * citizen's document). A broken template is refused with Handlebars' own message and never stored. `db`: a
 * caller's transaction (the admin page's idempotency key), else the pool.
 */
export async function saveTemplateOverride(
  deps: { pool: Pool },
  rawInput: SaveTemplateOverrideInput,
  db: Queryable = deps.pool,
): Promise<SavedTemplateOverride> {
  const parsedInput = saveTemplateOverrideInputSchema.safeParse(rawInput);
  if (!parsedInput.success) throw DocumentDataError.fromZod('saveTemplateOverride', parsedInput.error);
  const input = parsedInput.data;
  const { kind, sources, version, previewHtml } = proveTemplateOverride(input.templateId, input.source);
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO template_overrides (province_code, template_id, source, version, created_by)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [input.provinceCode, kind, sources.body, version, input.createdBy],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('Lưu mẫu không trả về id');
  return { id: Number(id), version, previewHtml };
}
