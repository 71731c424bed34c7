/**
 * The pages' Handlebars: templates/views/pages/<name>.hbs rendered inside layouts/main.hbs, with the
 * partials of templates/views/partials/. Compiled once per process; every value is escaped unless a template
 * says otherwise ({{{…}}} is used only for the layout's body).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { displayDate, displayDateTime, displayMoney } from './format';

export interface ViewEngine {
  render(page: string, data: Record<string, unknown>): string;
  /** One partial alone, as an htmx answer swapped into a page (its outer whitespace trimmed). */
  fragment(partial: string, data: Record<string, unknown>): string;
}

function viewsDirectory(): string {
  // Source tree (tsx, jest): web → ../templates; compiled tree: dist/web → ../../templates.
  const candidates = [
    path.resolve(__dirname, '../templates/views'),
    path.resolve(__dirname, '../../templates/views'),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'layouts', 'main.hbs')));
  if (!found) throw new Error(`Không tìm thấy thư mục giao diện (đã thử: ${candidates.join(', ')})`);
  return found;
}

function filesUnder(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(file, base);
    return entry.name.endsWith('.hbs') ? [path.relative(base, file)] : [];
  });
}

const read = (file: string) => fs.readFileSync(file, 'utf8').normalize('NFC');

export function createViewEngine(): ViewEngine {
  const root = viewsDirectory();
  const hbs = Handlebars.create();
  hbs.registerHelper('date', (value: unknown) => displayDate(value));
  hbs.registerHelper('dateTime', (value: unknown) => displayDateTime(value));
  hbs.registerHelper('money', (value: unknown) => displayMoney(value));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('not', (value: unknown) => !value);
  hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hbs.registerHelper(
    'startsWith',
    (value: unknown, prefix: unknown) =>
      typeof value === 'string' && typeof prefix === 'string' && value.startsWith(prefix),
  );
  const fragments = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of filesUnder(path.join(root, 'partials'))) {
    const source = read(path.join(root, 'partials', file));
    hbs.registerPartial(file.replace(/\.hbs$/, ''), source);
    fragments.set(file.replace(/\.hbs$/, ''), hbs.compile(source));
  }
  const layout = hbs.compile(read(path.join(root, 'layouts', 'main.hbs')), { strict: false });
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const file of filesUnder(path.join(root, 'pages'))) {
    pages.set(file.replace(/\.hbs$/, ''), hbs.compile(read(path.join(root, 'pages', file))));
  }
  return {
    render(page, data) {
      const template = pages.get(page);
      if (!template) throw new Error(`no page template ${page}`);
      return layout({ ...data, body: template(data) });
    },
    fragment(partial, data) {
      const template = fragments.get(partial);
      if (!template) throw new Error(`no partial template ${partial}`);
      return template(data).trim();
    },
  };
}
