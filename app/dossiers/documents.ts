/** A stored dossier document as a download: its PDF when one was printed, else its HTML. */
import { documentContent } from '../../db/dossier-views';
import type { Queryable } from '../../db/queryable';
import { notFound, type AppError } from '../errors';

export type DossierDocument =
  { kind: 'pdf'; filename: string; body: Buffer } | { kind: 'html'; filename: string; body: string };

/**
 * `'html'`: the HTML even when a PDF was printed (a preview in the browser, without a PDF viewer).
 * `refusal`: whether the reader may open a document of this kind (officer-view.ts#documentRefusal).
 */
export async function loadDossierDocument(
  db: Queryable,
  code: string,
  id: string,
  format: 'stored' | 'html' = 'stored',
  refusal: (kind: string) => AppError | undefined = () => undefined,
): Promise<DossierDocument> {
  const document = await documentContent(db, code, id);
  if (!document) throw notFound('Không tìm thấy văn bản');
  const refused = refusal(document.kind);
  if (refused) throw refused;
  const filename = `${code}-${document.kind}`;
  if (document.pdf && format === 'stored')
    return { kind: 'pdf', filename: `${filename}.pdf`, body: document.pdf };
  return { kind: 'html', filename: `${filename}.html`, body: document.html };
}
