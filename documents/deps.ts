import type { Pool } from 'pg';
import { sharedPdfRenderer, type PdfRenderer } from './pdf-renderer';

/** What the document activities need from the worker: a pool, and optionally their own PDF renderer. */
export interface DocumentDeps {
  pool: Pool;
  /** Defaults to the process-wide Chromium renderer. */
  pdfRenderer?: PdfRenderer;
}

export function pdfRendererOf(deps: DocumentDeps): PdfRenderer {
  return deps.pdfRenderer ?? sharedPdfRenderer();
}
