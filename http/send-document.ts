import type { Response } from 'express';
import type { DossierDocument } from '../app/dossiers/documents';

/**
 * Sends a stored dossier document, inline unless `download` asks for a PDF to be saved as a file (a button
 * that says "Tải về" must give the citizen the file, not the browser's viewer of a POST result); HTML is always
 * shown inline, locked down by its own CSP.
 */
export function sendDocument(
  res: Response,
  document: DossierDocument,
  options: { download?: boolean } = {},
): void {
  const disposition = options.download && document.kind === 'pdf' ? 'attachment' : 'inline';
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Disposition', `${disposition}; filename="${document.filename}"`);
  if (document.kind === 'pdf') {
    res.status(200).type('application/pdf').send(document.body);
    return;
  }
  // Rendered from applicants' own text: no script may run, whatever a name or address contains.
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:",
  );
  res.status(200).type('text/html; charset=utf-8').send(document.body);
}
