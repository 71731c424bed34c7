/**
 * Official documents (Decree 30/2020/NĐ-CP): the public API of this module. The dossier workflow calls
 * issueDocument as a Temporal activity; the admin API calls saveTemplateOverride.
 */
export {
  issueDocument,
  issueDocumentInputSchema,
  type IssueDocumentInput,
  type IssuedDocument,
} from './issue-document';
export {
  renderDocumentHtml,
  validateDocumentData,
  type RenderHtmlOptions,
  type RenderedHtml,
} from './render-html';
export { renderOnDemand } from './render-on-demand';
export {
  writeDossierRegisterXlsx,
  DOSSIER_REGISTER_HEADERS,
  DOSSIER_REGISTER_HEADER_ROW,
} from './dossier-register-xlsx';
export type { DocumentHeaderInput } from './schemas/header';
export { renderPdf, closeSharedPdfRenderer, ChromiumPdfRenderer, type PdfRenderer } from './pdf-renderer';
export {
  saveTemplateOverride,
  proveTemplateOverride,
  recordTemplatePreview,
  renderTemplatePreview,
  type SaveTemplateOverrideInput,
  type SavedTemplateOverride,
} from './template-overrides';
export { currentTemplateOverride, TemplateVersionMissingError } from './template-store';
export { builtInSourceSet } from './template-sources';
export { loadDocumentPdf, rerenderDocument, type RerenderResult } from './stored-documents';
export { buildPublicPostingData, toPublicPostingRow, type BeneficiaryForPosting } from './public-posting';
export {
  DOCUMENT_KINDS,
  DOCUMENT_KIND_IDS,
  isDocumentKind,
  type DocumentKind,
  type DocumentDataInput,
} from './document-kinds';
export { loadSample, loadAllSamples, type DocumentSample } from './samples';
export type { DocumentDeps } from './deps';
export {
  DocumentError,
  DocumentDataError,
  TemplateRejectedError,
  UnknownDocumentKindError,
  IdempotencyConflictError,
  DocumentNotFoundError,
} from './errors';
export { vietnameseDate, placeAndDate, numberLabel } from './vietnamese-text';
