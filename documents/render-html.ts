import type { z } from 'zod';
import { documentKind, type DocumentKind } from './document-kinds';
import { DocumentDataError } from './errors';
import { documentHeaderSchema, type DocumentHeader, type DocumentHeaderInput } from './schemas/header';
import { compileTemplateSet } from './template-compiler';
import { builtInSourceSet, type TemplateSourceSet } from './template-sources';

export interface RenderHtmlOptions {
  header: DocumentHeaderInput;
  /** Sources to render with (an admin override, or a stored version); the built-in set when absent. */
  sources?: TemplateSourceSet;
}

export interface RenderedHtml {
  html: string;
  templateId: DocumentKind;
  templateVersion: string;
  /** Data and header after validation and normalisation — what must be stored to re-render identically. */
  data: unknown;
  header: DocumentHeader;
}

function parseOrThrow<S extends z.ZodType>(templateId: string, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw DocumentDataError.fromZod(templateId, result.error);
  return result.data;
}

/** Validates a kind's data; throws DocumentDataError naming every missing or unexpected field. */
export function validateDocumentData(kind: DocumentKind | string, data: unknown): unknown {
  const definition = documentKind(kind);
  return parseOrThrow(definition.id, definition.schema, data);
}

export function validateDocumentHeader(kind: string, header: unknown): DocumentHeader {
  return parseOrThrow(`${kind} (header)`, documentHeaderSchema, header);
}

/**
 * Renders one document to a complete HTML page (print CSS inlined, A4). Pure and synchronous: no I/O
 * beyond reading the built-in templates once per process; compiled templates are cached per version.
 */
export function renderDocumentHtml(
  kind: DocumentKind | string,
  data: unknown,
  options: RenderHtmlOptions,
): RenderedHtml {
  const definition = documentKind(kind);
  const parsedData = validateDocumentData(definition.id, data);
  const header = validateDocumentHeader(definition.id, options.header);
  const sources = options.sources ?? builtInSourceSet(definition.id);
  if (sources.templateId !== definition.id) {
    throw new Error(`Mẫu "${sources.templateId}" không dùng được cho văn bản "${definition.id}"`);
  }
  const template = compileTemplateSet(sources);
  // `header` sits beside the data fields; no kind schema has a field of that name.
  const html = template.render({ ...(parsedData as object), header });
  return { html, templateId: definition.id, templateVersion: template.version, data: parsedData, header };
}
