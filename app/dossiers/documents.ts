/** A stored dossier document as a download: its PDF when one was printed, else its HTML. */
import { documentContent } from '../../db/dossier-views';
import type { Queryable } from '../../db/queryable';
import { notFound } from '../errors';

export type DossierDocument =
  { kind: 'pdf'; filename: string; body: Buffer } | { kind: 'html'; filename: string; body: string };

/** `'html'`: the HTML even when a PDF was printed (a preview in the browser, without a PDF viewer). */
export async function loadDossierDocument(
  db: Queryable,
  code: string,
  id: string,
  format: 'stored' | 'html' = 'stored',
): Promise<DossierDocument> {
  const document = await documentContent(db, code, id);
  if (!document) throw notFound('Không tìm thấy văn bản');
  const filename = `${code}-${document.kind}`;
  if (document.pdf && format === 'stored')
    return { kind: 'pdf', filename: `${filename}.pdf`, body: document.pdf };
  return { kind: 'html', filename: `${filename}.html`, body: document.html };
}
