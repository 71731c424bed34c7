import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * The text of a PDF as laid out on its pages, read with pdf.js (pdfjs-dist) — no poppler-utils needed.
 * pdfjs-dist is ESM-only and jest runs CommonJS, so the reading happens in a child Node process running
 * pdf-text-extract.mjs, which prints the layout as JSON. (Not pdf-text.mjs: jest would resolve this module's
 * imports to that file, as it tries .mjs before .ts.) Positions are in points: x from the left edge of the
 * page, y (a line's baseline) from the top edge, so a larger y is lower on the page.
 */
export interface PdfTextItem {
  x: number;
  width: number;
  text: string;
}

export interface PdfTextLine {
  /** 1-based page number; `y` is measured on that page. */
  page: number;
  y: number;
  /** Left to right. */
  items: PdfTextItem[];
}

export interface PdfLayout {
  pages: number;
  /** Page 1, in points (A4 is 595.28 × 841.89). */
  pageSize: { width: number; height: number };
  /** Names of the fonts the pages draw with, as in the PDF (e.g. 'BAAAAA+LiberationSerif'). */
  fonts: string[];
  /** Top to bottom, page after page. */
  lines: PdfTextLine[];
}

export interface PdfTextLocation {
  /** Index into `lines` (and into `text.split('\n')`). */
  line: number;
  /** x (points) where the match starts: the x of its text item, plus its offset within the item. */
  column: number;
  /** Baseline of the line, in points from the top of its page. */
  y: number;
  page: number;
}

export interface PdfText extends PdfLayout {
  /** One row per entry of `lines`, NFC; items of a line are joined by a space, columns by several. */
  text: string;
  /** The first line at or after `fromLine` whose row contains `needle`; throws when there is none. */
  locate(needle: string | RegExp, fromLine?: number): PdfTextLocation;
}

const SCRIPT = path.join(__dirname, 'pdf-text-extract.mjs');
/** Items closer than this (points) are one word split by a change of font: joined without a space. */
const SAME_WORD_GAP = 1;
/** Items farther apart than this (points) are in different columns, e.g. issuer and national title. */
const COLUMN_GAP = 20;
const COLUMN_SEPARATOR = '    ';

interface Span {
  start: number;
  end: number;
  item: PdfTextItem;
}

function renderLine(items: PdfTextItem[]): { row: string; spans: Span[] } {
  let row = '';
  const spans: Span[] = [];
  let previous: PdfTextItem | undefined;
  for (const item of items) {
    if (previous) {
      const gap = item.x - (previous.x + previous.width);
      row += gap < SAME_WORD_GAP ? '' : gap > COLUMN_GAP ? COLUMN_SEPARATOR : ' ';
    }
    spans.push({ start: row.length, end: row.length + item.text.length, item });
    row += item.text;
    previous = item;
  }
  return { row, spans };
}

/** x of the character at `index` of a row, interpolated within its item (the next item's x in a gap). */
function xAt(spans: Span[], index: number): number {
  const span = spans.find((candidate) => index < candidate.end) ?? spans[spans.length - 1];
  if (!span) return 0;
  const offset = Math.max(0, index - span.start);
  return span.item.x + (span.item.text.length ? (span.item.width * offset) / span.item.text.length : 0);
}

/** Reads the PDF at `file` (pdfjs-dist in a child process). */
export function readPdfText(file: string): PdfText {
  let output: string;
  try {
    output = execFileSync(process.execPath, [SCRIPT, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // pdf.js warnings go to stderr; shown only if reading fails
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`pdf-text-extract.mjs could not read ${file}: ${(error as Error).message}\n${stderr}`);
  }
  const layout = JSON.parse(output) as PdfLayout;
  const lines: PdfTextLine[] = layout.lines.map((line) => ({
    ...line,
    items: line.items.map((item) => ({ ...item, text: item.text.normalize('NFC') })),
  }));
  const rendered = lines.map((line) => renderLine(line.items));
  const rows = rendered.map(({ row }) => row);
  const text = rows.join('\n');

  function locate(needle: string | RegExp, fromLine = 0): PdfTextLocation {
    const wanted = typeof needle === 'string' ? needle.normalize('NFC') : needle;
    for (let index = Math.max(0, fromLine); index < rows.length; index++) {
      const row = rows[index] ?? '';
      const at = typeof wanted === 'string' ? row.indexOf(wanted) : row.search(wanted);
      const line = lines[index];
      if (at >= 0 && line) {
        return { line: index, column: xAt(rendered[index]?.spans ?? [], at), y: line.y, page: line.page };
      }
    }
    throw new Error(`"${String(needle)}" not found in the PDF text after line ${fromLine}:\n${text}`);
  }

  return { ...layout, lines, text, locate };
}
