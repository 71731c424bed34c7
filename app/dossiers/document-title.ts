import { DOCUMENT_KINDS as TEMPLATE_KINDS, isDocumentKind } from '../../documents';
import { DOCUMENT_KINDS as ROUTE_DOCUMENT_KINDS } from '../../domain/procedures';

/**
 * The official title of a stored document: documents are stored under their template kind, whose title is in
 * the template registry (documents/document-kinds.ts, the one place). Older timeline entries may name a route's
 * document kind (domain/procedures vocabulary) instead; those read as the route's title.
 */
export function documentTitle(kind: string): string | null {
  if (isDocumentKind(kind)) return TEMPLATE_KINDS[kind].title;
  return (ROUTE_DOCUMENT_KINDS as Readonly<Record<string, string>>)[kind] ?? null;
}
