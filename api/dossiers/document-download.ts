/** Sends a stored dossier document: its PDF when one was printed, else its HTML (locked down by CSP). */
import type { Response } from 'express';
import { documentContent } from '../../db/dossier-views';
import type { Queryable } from '../../db/queryable';
import { notFound } from '../errors';

export async function sendDossierDocument(
  db: Queryable,
  res: Response,
  code: string,
  id: string,
): Promise<void> {
  const document = await documentContent(db, code, id);
  if (!document) throw notFound('Không tìm thấy văn bản');
  const filename = `${code}-${document.kind}`;
  res.setHeader('Cache-Control', 'private, no-store');
  if (document.pdf) {
    res.status(200).type('application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${filename}.pdf"`);
    res.send(document.pdf);
    return;
  }
  // Rendered from applicants' own text: no script may run, whatever a name or address contains.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:",
  );
  res.setHeader('Content-Disposition', `inline; filename="${filename}.html"`);
  res.status(200).type('text/html; charset=utf-8').send(document.html);
}
