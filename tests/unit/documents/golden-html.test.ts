import fs from 'node:fs';
import path from 'node:path';
import { DOCUMENT_KIND_IDS } from '../../../documents/document-kinds';
import { renderDocumentHtml } from '../../../documents/render-html';
import { loadAllSamples } from '../../../documents/samples';

/**
 * Golden files: the HTML of every sample, committed under __golden__/. After an intended template change,
 * regenerate them with `UPDATE_GOLDEN=1 npx jest tests/unit/documents/golden-html.test.ts` and review the diff.
 */
const GOLDEN_DIR = path.join(__dirname, '__golden__');
const updating = process.env.UPDATE_GOLDEN === '1';
const samples = loadAllSamples();

describe('golden HTML of every document template', () => {
  it('has a sample for every document kind', () => {
    const sampled = new Set(samples.map((s) => s.kind));
    expect(DOCUMENT_KIND_IDS.filter((kind) => !sampled.has(kind))).toEqual([]);
  });

  it.each(samples.map((s) => [s.name, s] as const))('%s matches its golden file', (name, sample) => {
    const { html } = renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    expect(html).toBe(html.normalize('NFC'));
    const file = path.join(GOLDEN_DIR, `${name}.html`);
    if (updating) {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(file, html);
    }
    if (!fs.existsSync(file))
      throw new Error(`No golden file ${file}: run with UPDATE_GOLDEN=1 to create it`);
    expect(html).toBe(fs.readFileSync(file, 'utf8'));
  });

  it('renders the same HTML twice (deterministic)', () => {
    const sample = samples[0];
    if (!sample) throw new Error('no samples');
    const first = renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    const second = renderDocumentHtml(sample.kind, sample.data, { header: sample.header });
    expect(second.html).toBe(first.html);
    expect(second.templateVersion).toBe(first.templateVersion);
  });
});
