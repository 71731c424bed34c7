import type { Response } from 'express';
import type { DossierDocument } from '../app/dossiers/documents';

/** Sends a stored dossier document inline; HTML is locked down by its own CSP. */
export function sendDocument(res: Response, document: DossierDocument): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Disposition', `inline; filename="${document.filename}"`);
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
