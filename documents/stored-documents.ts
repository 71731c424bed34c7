import type { DocumentDeps } from './deps';
import { pdfRendererOf } from './deps';
import { DocumentNotFoundError } from './errors';
import { renderDocumentHtml } from './render-html';
import type { DocumentHeaderInput } from './schemas/header';
import { loadTemplateVersion } from './template-store';
import { sha256Hex } from './template-sources';

/** Reading stored documents back, and proving they re-render from data + template version alone. */

export async function loadDocumentPdf(deps: DocumentDeps, id: string): Promise<Buffer | null> {
  const { rows } = await deps.pool.query<{ pdf: Buffer | null }>('SELECT pdf FROM documents WHERE id = $1', [
    id,
  ]);
  const row = rows[0];
  if (!row) throw new DocumentNotFoundError(id);
  return row.pdf;
}

export interface RerenderResult {
  html: string;
  htmlIdentical: boolean;
  /** Only when the document has a stored PDF and `withPdf` was asked. */
  pdfIdentical?: boolean;
}

/**
 * Renders a stored document again from its stored data, header and the template sources recorded under
 * its version, and compares the hashes with the stored ones.
 */
export async function rerenderDocument(
  deps: DocumentDeps,
  id: string,
  options: { withPdf?: boolean } = {},
): Promise<RerenderResult> {
  const { rows } = await deps.pool.query<{
    kind: string;
    header: DocumentHeaderInput;
    data: unknown;
    template_version: string;
    html_sha256: string;
    pdf_sha256: string | null;
  }>('SELECT kind, header, data, template_version, html_sha256, pdf_sha256 FROM documents WHERE id = $1', [
    id,
  ]);
  const row = rows[0];
  if (!row) throw new DocumentNotFoundError(id);
  const sources = await loadTemplateVersion(deps.pool, row.template_version);
  const rendered = renderDocumentHtml(row.kind, row.data, { header: row.header, sources });
  const result: RerenderResult = {
    html: rendered.html,
    htmlIdentical: sha256Hex(rendered.html) === row.html_sha256,
  };
  if (options.withPdf && row.pdf_sha256) {
    const pdf = await pdfRendererOf(deps).render(rendered.html);
    result.pdfIdentical = sha256Hex(pdf) === row.pdf_sha256;
  }
  return result;
}
