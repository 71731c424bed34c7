import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HELPERS_VERSION } from './template-helpers';

/**
 * The Handlebars sources a document is rendered from: the kind's body template plus every shared partial
 * (page layout, print CSS, header, signature block). A document's template version is the hash of this
 * whole set, so changing any partial, the CSS or the helpers yields a new version.
 */
export interface TemplateSourceSet {
  templateId: string;
  body: string;
  /** Partial name → source. 'print-css' is the stylesheet, inlined into every page. */
  partials: Record<string, string>;
}

/** Where the built-in templates live; overridable for deployments that move them. */
export function templatesDirectory(): string {
  const fromEnv = process.env.TGXH_TEMPLATES_DIR;
  if (fromEnv) return path.join(fromEnv, 'documents');
  // Source tree (tsx, jest): documents → ../templates; compiled tree: dist/documents → ../../templates.
  const candidates = [
    path.resolve(__dirname, '../templates/documents'),
    path.resolve(__dirname, '../../templates/documents'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'partials')));
  if (!found) throw new Error(`Không tìm thấy thư mục mẫu văn bản (đã thử: ${candidates.join(', ')})`);
  return found;
}

function readUtf8(file: string): string {
  // NFC so a template saved by an editor that decomposes diacritics renders the same bytes.
  return fs.readFileSync(file, 'utf8').normalize('NFC');
}

let sharedPartials: Record<string, string> | undefined;

/** Shared partials, read once per process: *.hbs under partials/ plus styles/print.css as 'print-css'. */
export function builtInPartials(): Record<string, string> {
  if (sharedPartials) return sharedPartials;
  const dir = templatesDirectory();
  const partials: Record<string, string> = {};
  for (const file of fs.readdirSync(path.join(dir, 'partials')).sort()) {
    if (file.endsWith('.hbs'))
      partials[file.slice(0, -'.hbs'.length)] = readUtf8(path.join(dir, 'partials', file));
  }
  partials['print-css'] = readUtf8(path.join(dir, 'styles', 'print.css'));
  sharedPartials = partials;
  return partials;
}

const builtInBodies = new Map<string, string>();

export function builtInSourceSet(templateId: string): TemplateSourceSet {
  let body = builtInBodies.get(templateId);
  if (body === undefined) {
    body = readUtf8(path.join(templatesDirectory(), `${templateId}.hbs`));
    builtInBodies.set(templateId, body);
  }
  return { templateId, body, partials: builtInPartials() };
}

/** The same partials with an admin's body in place of the built-in one. */
export function overrideSourceSet(templateId: string, body: string): TemplateSourceSet {
  return { templateId, body: body.normalize('NFC'), partials: builtInPartials() };
}

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Content hash of a source set (and of the helpers' version); stable across key order. */
export function templateVersion(set: TemplateSourceSet): string {
  const partialNames = Object.keys(set.partials).sort();
  const canonical = JSON.stringify([
    HELPERS_VERSION,
    set.templateId,
    set.body,
    partialNames.map((name) => [name, set.partials[name]]),
  ]);
  return `sha256:${sha256Hex(canonical)}`;
}
