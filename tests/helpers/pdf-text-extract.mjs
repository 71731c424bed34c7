#!/usr/bin/env node
// Prints what a PDF shows, as JSON on stdout, for the tests (tests/helpers/pdf-text.ts runs it):
//   { pages, pageSize: { width, height }, fonts: [...], lines: [{ page, y, items: [{ x, width, text }] }] }
// pageSize is page 1's in points; fonts are the names of the fonts the pages draw with (e.g.
// 'BAAAAA+LiberationSerif'); lines are the text items grouped by baseline, top to bottom, items left to
// right, with y the baseline's distance from the top of its page and x from its left edge (points).
// Usage: node tests/helpers/pdf-text-extract.mjs file.pdf
//
// A separate ESM script because pdfjs-dist is ESM-only and jest runs CommonJS. It uses the Node build of
// pdf.js with its worker code running in this thread (no worker file to locate), reads the file itself and
// its data files (CMaps, standard fonts, wasm decoders) from the package directory, never the network, and
// needs neither a canvas nor system fonts: text and font names come from the PDF.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Items whose baselines are this close (points) share a line. */
const BASELINE_TOLERANCE = 2;

// pdf.js reports warnings (e.g. that the optional @napi-rs/canvas is absent) with console.log: keep stdout
// for the JSON. The imports below are dynamic so that this is in place before pdf.js runs.
console.log = (...args) => console.error(...args);

const file = process.argv[2];
if (!file) {
  console.error('usage: node tests/helpers/pdf-text-extract.mjs file.pdf');
  process.exit(2);
}

// pdf.js's display layer makes a DOMMatrix as it loads, for canvas rendering, which this script never
// does. Node 20 has no DOMMatrix and pdf.js polyfills it only from the optional native @napi-rs/canvas;
// this placeholder lets pdf.js load without that package (rendering would fail, text extraction does not
// use it).
globalThis.DOMMatrix ??= class DOMMatrix {};

globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

const round = (value) => Math.round(value * 100) / 100;
const packageDir = path.dirname(fileURLToPath(import.meta.resolve('pdfjs-dist/package.json')));
const dataDir = (name) => `${path.join(packageDir, name)}${path.sep}`;

const loadingTask = pdfjs.getDocument({
  data: new Uint8Array(fs.readFileSync(file)),
  verbosity: pdfjs.VerbosityLevel.ERRORS,
  stopAtErrors: true,
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  cMapUrl: dataDir('cmaps'),
  standardFontDataUrl: dataDir('standard_fonts'),
  wasmUrl: dataDir('wasm'),
  iccUrl: dataDir('iccs'),
});
const doc = await loadingTask.promise;
try {
  const fonts = new Set();
  const lines = [];
  let pageSize;
  for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
    const page = await doc.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    pageSize ??= { width: round(viewport.width), height: round(viewport.height) };

    const operators = await page.getOperatorList();
    operators.fnArray.forEach((fn, index) => {
      if (fn !== pdfjs.OPS.setFont) return;
      const id = operators.argsArray[index][0];
      const font = page.commonObjs.has(id) ? page.commonObjs.get(id) : undefined;
      if (font?.name) fonts.add(font.name);
    });

    const content = await page.getTextContent();
    const items = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue; // marked content, line ends, bare spaces
      // The baseline origin, in viewport space: y from the top of the page, whatever the page's rotation.
      const [x, y] = viewport.convertToViewportPoint(item.transform[4], item.transform[5]);
      items.push({ x, y, width: item.width, text: item.str.normalize('NFC') });
    }
    items.sort((a, b) => a.y - b.y || a.x - b.x);
    let line;
    for (const item of items) {
      if (!line || item.y - line.top > BASELINE_TOLERANCE) {
        line = { page: pageNumber, top: item.y, baselines: [], items: [] };
        lines.push(line);
      }
      line.baselines.push(item.y);
      line.items.push({ x: round(item.x), width: round(item.width), text: item.text });
    }
    page.cleanup();
  }

  const result = {
    pages: doc.numPages,
    pageSize,
    fonts: [...fonts],
    lines: lines.map(({ page, baselines, items }) => ({
      page,
      y: round(baselines.reduce((sum, y) => sum + y, 0) / baselines.length),
      items: items.sort((a, b) => a.x - b.x),
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await loadingTask.destroy();
}
