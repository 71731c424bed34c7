import type { Queryable } from '../db/queryable';
import type { DocumentKind } from './document-kinds';
import { renderDocumentHtml } from './render-html';
import type { DocumentHeaderInput } from './schemas/header';
import { overrideSourcesFor } from './template-store';

/**
 * A document printed when someone asks for it and never stored (forms 06 and 07: a view of the read model at
 * the moment of printing, with no number and no legal life of its own). Rendered with the province's template
 * override when one is in force, as issued documents are.
 */
export async function renderOnDemand(
  db: Queryable,
  provinceCode: string,
  kind: DocumentKind,
  data: unknown,
  header: DocumentHeaderInput,
): Promise<string> {
  const sources = await overrideSourcesFor(db, provinceCode, kind);
  return renderDocumentHtml(kind, data, { header, ...(sources ? { sources } : {}) }).html;
}
