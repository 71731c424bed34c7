/**
 * Document templates per province for admins: the kinds with the override in force, a kind's source for
 * editing, a preview on the kind's sample data, and saving through documents#saveTemplateOverride. A broken
 * template is TEMPLATE_REJECTED (400) with Handlebars' message on `body.source`, whether previewed or saved.
 * Admins act on their own province only (the one their account is bound to). The JSON API
 * (api/admin/templates-routes.ts) and the pages (web/admin/templates.ts) both call these.
 */
import { inTransactionOf } from '../../db/queryable';
import { audit, type Actor } from '../audit';
import {
  builtInSourceSet,
  currentTemplateOverride,
  DOCUMENT_KINDS,
  DOCUMENT_KIND_IDS,
  DocumentDataError,
  isDocumentKind,
  recordTemplatePreview,
  renderTemplatePreview,
  saveTemplateOverride,
  TemplateRejectedError,
  TemplateVersionMissingError,
  UnknownDocumentKindError,
  type DocumentKind,
} from '../../documents';
import type { Queryable } from '../../db/queryable';
import { textProblem } from '../../domain/text';
import type { AuthenticatedUser } from '../auth/session';
import type { AppDeps } from '../deps';
import { AppError, notFound, validationFailed } from '../errors';

export interface TemplateOverrideView {
  id: number;
  /** Content hash of the template set (sha256:…). */
  version: string;
  source: string;
  createdAt: string;
  createdBy: string;
}

export interface TemplateListItem {
  templateId: DocumentKind;
  title: string;
  /** The province's override in force; null: the built-in template is used. */
  override: TemplateOverrideView | null;
}

const unknownTemplate = (templateId: string) => notFound(`Không có mẫu văn bản "${templateId}"`);

/** A template source is text an admin typed: refused like any other (domain/text) before it is stored. */
function assertAcceptableSource(source: string): void {
  const problem = textProblem(source);
  if (problem) throw validationFailed([{ path: 'body.source', message: problem }]);
}

function kindOf(templateId: string): DocumentKind {
  if (!isDocumentKind(templateId)) throw unknownTemplate(templateId);
  return templateId;
}

/** The documents module's refusals as AppErrors the adapters show. */
function appErrorOf(error: unknown, templateId: string): unknown {
  if (error instanceof TemplateRejectedError) {
    return new AppError(400, 'TEMPLATE_REJECTED', error.message, {
      fieldErrors: [{ path: 'body.source', message: error.handlebarsMessage }],
    });
  }
  if (error instanceof UnknownDocumentKindError) return unknownTemplate(templateId);
  if (error instanceof DocumentDataError) {
    return validationFailed(error.problems.map((p) => ({ path: `body.${p.field}`, message: p.message })));
  }
  return error;
}

async function overrideOf(deps: AppDeps, provinceCode: string, templateId: DocumentKind) {
  const override = await currentTemplateOverride(deps.pool, provinceCode, templateId);
  return override
    ? {
        id: Number(override.id),
        version: override.version,
        source: override.source,
        createdAt: override.createdAt.toISOString(),
        createdBy: override.createdBy,
      }
    : null;
}

export async function listTemplates(
  deps: AppDeps,
  caller: AuthenticatedUser,
): Promise<{ provinceCode: string; templates: TemplateListItem[] }> {
  const provinceCode = caller.unitCode;
  return {
    provinceCode,
    templates: await Promise.all(
      DOCUMENT_KIND_IDS.map(async (templateId) => ({
        templateId,
        title: DOCUMENT_KINDS[templateId].title,
        override: await overrideOf(deps, provinceCode, templateId),
      })),
    ),
  };
}

/** A kind with the body source in force for the caller's province: its override, else the built-in one. */
export async function templateForEdit(
  deps: AppDeps,
  caller: AuthenticatedUser,
  templateId: string,
): Promise<TemplateListItem & { source: string }> {
  const kind = kindOf(templateId);
  const override = await overrideOf(deps, caller.unitCode, kind);
  return {
    templateId: kind,
    title: DOCUMENT_KINDS[kind].title,
    override,
    source: override?.source ?? builtInSourceSet(kind).body,
  };
}

/** Proves a source on the kind's sample data and records it for the preview address; nothing is put in force. */
export async function previewTemplate(
  deps: AppDeps,
  templateId: string,
  source: string,
): Promise<{ version: string; previewHtml: string }> {
  const kind = kindOf(templateId);
  assertAcceptableSource(source);
  try {
    return await recordTemplatePreview(deps, kind, source);
  } catch (error) {
    throw appErrorOf(error, templateId);
  }
}

/** The sample rendered with a previewed version, for the preview address. */
export async function previewHtmlOf(deps: AppDeps, templateId: string, version: string): Promise<string> {
  const kind = kindOf(templateId);
  try {
    const html = await renderTemplatePreview(deps, kind, version);
    if (html === undefined) throw notFound('Không tìm thấy bản xem trước');
    return html;
  } catch (error) {
    if (error instanceof TemplateVersionMissingError) throw notFound('Không tìm thấy bản xem trước');
    throw appErrorOf(error, templateId);
  }
}

/**
 * Stores the caller's province's override after proving it; in force for documents issued from now on. `db`
 * lets a page run it inside its idempotency-key transaction (one override per form, however often sent).
 */
export async function saveTemplate(
  deps: AppDeps,
  caller: Actor,
  templateId: string,
  source: string,
  db: Queryable = deps.pool,
): Promise<{
  provinceCode: string;
  templateId: DocumentKind;
  id: number;
  version: string;
  previewHtml: string;
}> {
  const kind = kindOf(templateId);
  assertAcceptableSource(source);
  const provinceCode = caller.unitCode;
  try {
    const saved = await inTransactionOf(db, async (client) => {
      const override = await saveTemplateOverride(
        deps,
        { provinceCode, templateId: kind, source, createdBy: caller.username },
        client,
      );
      await audit(client, deps, caller, {
        action: 'template.save',
        target: { kind: 'template', id: kind },
        details: { provinceCode, version: override.version },
      });
      return override;
    });
    return { provinceCode, templateId: kind, ...saved };
  } catch (error) {
    throw appErrorOf(error, templateId);
  }
}
